// Express's settings that change responses and requests (json, jsonp, query parser, subdomain
// offset) and req.range(), side by side with Express 5.
import type { Express } from 'express';
import { expect } from 'vitest';
import { type AppLike, sideBySide } from './middleware/side-by-side.js';

/** The app as both frameworks have it, for `set()` and `get()`. */
const settingsOf = (app: AppLike) => app as unknown as Pick<Express, 'set' | 'get' | 'enabled'>;

sideBySide(
  'json spaces, json replacer and json escape shape res.json() and res.send(object)',
  (app) => {
    const settings = settingsOf(app);
    app.get('/plain', (_req, res) => {
      res.json({ html: '<b>&</b>', list: [1, 2] });
    });
    app.get('/spaces', (_req, res) => {
      settings.set('json spaces', 2);
      res.json({ html: '<b>&</b>', list: [1, 2] });
    });
    app.get('/replacer', (_req, res) => {
      settings.set('json replacer', (key: string, value: unknown) => (key === 'secret' ? undefined : value));
      res.send({ name: 'Ada', secret: 'x' });
    });
    app.get('/escape', (_req, res) => {
      settings.set('json escape', true);
      res.json({ html: '<script>&</script>' });
    });
    app.get('/string', (_req, res) => {
      res.json('<\u2028>');
    });
  },
  async ({ agent }) => {
    for (const path of ['/plain', '/spaces', '/replacer', '/escape', '/string']) {
      expect((await agent.get(path)).status).toBe(200);
    }
  },
);

sideBySide(
  'res.jsonp() wraps JSON in a call to the callback the query names',
  (app) => {
    app.get('/', (_req, res) => {
      res.jsonp({ user: 'tobi', line: '\u2028\u2029' });
    });
    app.get('/typed', (_req, res) => {
      // Express's res.type() adds a charset to text types; Skiff's does not (README), so it is named here.
      res.type('text/plain; charset=utf-8').jsonp({ a: 1 });
    });
    app.get('/undefined', (_req, res) => {
      res.jsonp(undefined);
    });
    app.get('/number', (_req, res) => {
      res.status(201).jsonp(3);
    });
    app.get('/renamed', (req, res) => {
      settingsOf(req.app as unknown as AppLike).set('jsonp callback name', 'cb');
      res.jsonp({ renamed: true });
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/')).headers['content-type']).toBe('application/json; charset=utf-8');
    const called = await agent.get('/?callback=handle');
    expect(called.text).toMatch(/^\/\*\*\/ typeof handle === 'function' && handle\(/);
    await agent.get('/?callback=evil<script>alert(1)</script>');
    await agent.get('/?callback=a.b[0]$_');
    await agent.get('/?callback=first&callback=second');
    await agent.get('/?callback=');
    await agent.get('/typed');
    await agent.get('/typed?callback=cb');
    await agent.get('/undefined?callback=cb');
    await agent.get('/undefined');
    await agent.get('/number?callback=cb');
    await agent.get('/renamed?cb=mine&callback=other');
    await agent.head('/?callback=handle');
  },
);

sideBySide(
  'the query parser setting: simple by default, extended (qs), false, or a function',
  (app) => {
    const show = (req: { query: unknown }, res: { json(body: unknown): unknown }) => {
      res.json({ query: req.query });
    };
    app.get('/simple', show);
    app.get('/extended', (req, _res, next) => {
      settingsOf(req.app as unknown as AppLike).set('query parser', 'extended');
      next();
    });
    app.get('/off', (req, _res, next) => {
      settingsOf(req.app as unknown as AppLike).set('query parser', false);
      next();
    });
    app.get('/own', (req, _res, next) => {
      settingsOf(req.app as unknown as AppLike).set('query parser', (query: string | null) => ({
        raw: query,
      }));
      next();
    });
    app.get('/simple-again', (req, _res, next) => {
      settingsOf(req.app as unknown as AppLike).set('query parser', true);
      next();
    });
    app.get('*path', show);
  },
  async ({ agent }) => {
    const query = '?a[b]=1&a[c]=2&list=x&list=y&deep[x][y]=z&__proto__[p]=1&plus=a+b&bad=%zz';
    const simple = await agent.get(`/simple${query}`);
    expect(simple.body.query['a[b]']).toBe('1');
    const extended = await agent.get(`/extended${query}`);
    expect(extended.body.query.a).toEqual({ b: '1', c: '2' });
    await agent.get('/x?arr[]=1&arr[]=2&n[0]=a&n[1]=b');
    const off = await agent.get(`/off${query}`);
    expect(off.body.query).toEqual({});
    const own = await agent.get('/own?x=1');
    expect(own.body.query).toEqual({ raw: 'x=1' });
    // No `?` at all: the function is given null, as Express's parseurl has it.
    expect((await agent.get('/own')).body.query).toEqual({ raw: null });
    await agent.get(`/simple-again${query}`);
  },
);

sideBySide(
  'req.subdomains, with the subdomain offset setting',
  (app) => {
    app.get('/', (req, res) => {
      res.json({ subdomains: req.subdomains, hostname: req.hostname });
    });
    app.get('/offset/:n', (req, res) => {
      settingsOf(req.app as unknown as AppLike).set('subdomain offset', Number(req.params.n));
      res.json({ subdomains: req.subdomains });
    });
  },
  async ({ agent }) => {
    const hosts = [
      'tobi.ferrets.example.com',
      'example.com',
      'a.b.c.d.example.co.uk:8080',
      '127.0.0.1',
      '[::1]:3000',
      'localhost',
    ];
    for (const host of hosts) await agent.get('/').set('Host', host);
    const deep = await agent.get('/').set('Host', 'tobi.ferrets.example.com');
    expect(deep.body.subdomains).toEqual(['ferrets', 'tobi']);
    expect((await agent.get('/offset/3').set('Host', 'tobi.ferrets.example.com')).body.subdomains).toEqual([
      'tobi',
    ]);
    await agent.get('/offset/0').set('Host', 'tobi.ferrets.example.com');
    await agent.get('/offset/0').set('Host', '10.0.0.1');
  },
);

sideBySide(
  'req.range() reads the Range header as range-parser does',
  (app) => {
    app.get('/:size', (req, res) => {
      const combine = req.query.combine !== undefined;
      const ranges = req.range(Number(req.params.size), combine ? { combine } : undefined);
      res.json(
        typeof ranges === 'object'
          ? { type: ranges.type, ranges: [...ranges] }
          : { result: ranges ?? 'none' },
      );
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/1000')).body).toEqual({ result: 'none' });
    expect((await agent.get('/1000').set('Range', 'bytes=0-99')).body).toEqual({
      type: 'bytes',
      ranges: [{ start: 0, end: 99 }],
    });
    for (const range of [
      'bytes=-100',
      'bytes=900-',
      'bytes=0-10,5-20,500-',
      'bytes=2000-3000',
      'bytes=abc',
      'bytes',
      'items=1-2',
    ]) {
      await agent.get('/1000').set('Range', range);
    }
    await agent.get('/1000?combine').set('Range', 'bytes=0-10,5-20,21-30,500-');
  },
);

sideBySide(
  'the settings Express starts with',
  (app) => {
    app.get('/', (req, res) => {
      const settings = settingsOf(req.app as unknown as AppLike);
      res.json({
        etag: settings.get('etag'),
        queryParser: settings.get('query parser'),
        subdomainOffset: settings.get('subdomain offset'),
        jsonpCallbackName: settings.get('jsonp callback name'),
        env: settings.get('env'),
        etagFn: typeof settings.get('etag fn'),
        queryParserFn: typeof settings.get('query parser fn'),
        jsonSpaces: settings.get('json spaces') ?? null,
      });
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/')).body.etag).toBe('weak');
  },
);
