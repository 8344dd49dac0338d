import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import skiff, {
  type AppRequest,
  type AppResponse,
  HttpError,
  type NextFunction,
  Router,
} from '@skiff/router';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { rawExchange } from './helpers/raw.js';

/** A handler that sets `x-hit-<n>` and continues: the response headers then show which ran, in order. */
function hit(n: number) {
  return (_req: AppRequest, res: AppResponse, next: NextFunction) => {
    res.set(`x-hit-${n}`, String(n));
    next();
  };
}

const quiet = () => {
  const app = skiff();
  app.on('handlerError', () => undefined);
  return app;
};

describe('routing order', () => {
  it('runs middleware and route handlers in registration order', async () => {
    const app = skiff();
    app.use(hit(1));
    app.get('/x', hit(2), (_req, res) => res.send('done'));
    app.use(hit(9));
    const res = await request(app).get('/x');
    expect(res.text).toBe('done');
    expect(res.headers['x-hit-1']).toBe('1');
    expect(res.headers['x-hit-2']).toBe('2');
    expect(res.headers['x-hit-9']).toBeUndefined();
  });

  it("next('route') goes to the next matching route", async () => {
    const app = skiff();
    app.get(
      '/users/:id',
      hit(1),
      (req, _res, next) => (req.params.id === 'me' ? next() : next('route')),
      hit(2),
      (_req, res) => res.send('me'),
    );
    app.get('/users/:id', hit(3), (req, res) => res.send(`user ${req.params.id}`));
    const other = await request(app).get('/users/7');
    expect(other.text).toBe('user 7');
    expect([other.headers['x-hit-1'], other.headers['x-hit-2'], other.headers['x-hit-3']]).toEqual([
      '1',
      undefined,
      '3',
    ]);
    const me = await request(app).get('/users/me');
    expect(me.text).toBe('me');
  });

  it('runs only the error handlers after an error, wherever they are placed', async () => {
    const app = quiet();
    app.use((_err: unknown, _req: AppRequest, res: AppResponse, next: NextFunction) => {
      res.set('x-hit-early', 'yes');
      next();
    });
    app.use(hit(1));
    app.get('/fail', () => {
      throw new Error('boom');
    });
    app.use(hit(2));
    app.use((err: Error, _req: AppRequest, res: AppResponse, next: NextFunction) => {
      res.set('x-hit-3', err.message);
      next(err);
    });
    app.use((err: Error, _req: AppRequest, res: AppResponse, _next: NextFunction) => {
      res.status(418).send(`caught ${err.message}`);
    });
    const res = await request(app).get('/fail');
    expect(res.status).toBe(418);
    expect(res.text).toBe('caught boom');
    expect(res.headers['x-hit-early']).toBeUndefined();
    expect(res.headers['x-hit-1']).toBe('1');
    expect(res.headers['x-hit-2']).toBeUndefined();
    expect(res.headers['x-hit-3']).toBe('boom');
  });

  it('sends an async throw to the error handlers', async () => {
    const app = skiff();
    app.get('/async', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      throw new HttpError(409, 'Already there');
    });
    app.use((err: HttpError, _req: AppRequest, res: AppResponse, _next: NextFunction) => {
      res.status(err.status).json({ error: err.message });
    });
    const res = await request(app).get('/async');
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: 'Already there' });
  });
});

describe('mounted routers', () => {
  it('sets baseUrl and originalUrl, trims url, and restores them after', async () => {
    const app = skiff();
    const users = Router({ mergeParams: true });
    users.get('/:id', (req, res, next) => {
      res.set('x-inner', `${req.baseUrl}|${req.url}|${req.originalUrl}|${JSON.stringify(req.params)}`);
      next();
    });
    const api = Router();
    api.use('/orgs/:org/users', users);
    app.use('/api', api);
    app.use((req, res) => {
      res.send(`${req.baseUrl}|${req.url}|${req.path}`);
    });
    const res = await request(app).get('/api/orgs/acme/users/7?full=1');
    expect(res.headers['x-inner']).toBe(
      '/api/orgs/acme/users|/7?full=1|/api/orgs/acme/users/7?full=1|{"org":"acme","id":"7"}',
    );
    expect(res.text).toBe('|/api/orgs/acme/users/7?full=1|/api/orgs/acme/users/7');
  });

  it('routes an app mounted inside another app', async () => {
    const admin = skiff();
    admin.get('/stats', (req, res) => res.send(`stats at ${req.baseUrl}`));
    const app = skiff();
    app.use('/admin', admin);
    expect((await request(app).get('/admin/stats')).text).toBe('stats at /admin');
  });

  it('matches mount paths case-insensitively by default and strictly when asked', async () => {
    const loose = skiff();
    loose.get('/About', (_req, res) => res.send('about'));
    expect((await request(loose).get('/about/')).status).toBe(200);
    const strict = skiff({ caseSensitive: true, strict: true });
    strict.get('/About', (_req, res) => res.send('about'));
    expect((await request(strict).get('/about')).status).toBe(404);
    expect((await request(strict).get('/About/')).status).toBe(404);
    expect((await request(strict).get('/About')).status).toBe(200);
  });
});

describe('when the stack runs out', () => {
  it('delivers what was written before a next() past the last handler, then cuts the response', async () => {
    const app = skiff();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    app.get('/partial', (_req, res, next) => {
      res.write('partial');
      next();
    });
    const text = await rawExchange(app, 'GET /partial HTTP/1.1\r\nHost: x\r\n\r\n');
    process.off('warning', onWarning);
    expect(text).toContain('7\r\npartial\r\n');
    // No last chunk: the client cannot take the cut body as complete.
    expect(text).not.toContain('0\r\n\r\n');
    expect(warnings.some((message) => message.includes('/partial'))).toBe(true);
  });

  it('answers 500 to a handler that throws after writeHead() with nothing written', async () => {
    const app = quiet();
    app.get('/half', (_req, res) => {
      res.writeHead(201, { 'X-Before': 'lost' });
      throw new Error('after writeHead');
    });
    const res = await request(app).get('/half');
    expect(res.status).toBe(500);
    expect(res.headers['x-before']).toBeUndefined();
  });

  it('answers 404 Cannot METHOD /path as text/plain', async () => {
    const res = await request(skiff()).get('/missing?q=1');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('Cannot GET /missing');
  });

  it('answers 405 with Allow when other methods have the path', async () => {
    const app = skiff();
    app.get('/items', (_req, res) => res.send('list'));
    app.post('/items', (_req, res) => res.status(201).send('made'));
    const res = await request(app).delete('/items');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, POST');
  });

  it('answers 404, not 405, when a route of the right method matched and passed on', async () => {
    const app = skiff();
    app.get('/items', (_req, _res, next) => next());
    app.post('/items', (_req, res) => res.send('made'));
    const res = await request(app).get('/items');
    expect([res.status, res.headers.allow]).toEqual([404, undefined]);
    expect((await request(app).put('/items')).headers.allow).toBe('GET, HEAD, POST');
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    const app = skiff();
    app
      .route('/items')
      .get((_req, res) => res.send('list'))
      .put((_req, res) => res.send('put'));
    const res = await request(app).options('/items');
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, HEAD, PUT');
    expect((await request(app).options('/other')).status).toBe(404);
  });

  it('answers HEAD from the GET route with the same headers and no body', async () => {
    const app = skiff();
    app.get('/page', (_req, res) => res.set('x-hit-1', 'get').send('hello'));
    const res = await request(app).head('/page');
    expect(res.status).toBe(200);
    expect(res.headers['x-hit-1']).toBe('get');
    expect(res.headers['content-length']).toBe('5');
    expect(res.text).toBeUndefined();
  });

  it('answers a thrown error with 500 and no stack, or the stack in dev', async () => {
    const fail = () => {
      throw new Error('secret detail');
    };
    const app = quiet();
    app.get('/fail', fail);
    const res = await request(app).get('/fail');
    expect(res.status).toBe(500);
    expect(res.text).toBe('Internal Server Error');
    const dev = skiff({ dev: true });
    dev.on('handlerError', () => undefined);
    dev.get('/fail', fail);
    expect((await request(dev).get('/fail')).text).toMatch(/^Error: secret detail\n\s+at fail/);
  });

  it('honours HttpError, err.status and err.statusCode', async () => {
    const app = quiet();
    app.get('/http', () => {
      throw new HttpError(422, 'Name is required', { headers: { 'X-Reason': 'name' } });
    });
    app.get('/status', () => {
      throw Object.assign(new Error('hidden'), { status: 403 });
    });
    app.get('/code', () => {
      throw Object.assign(new Error('hidden'), { statusCode: 503 });
    });
    app.get('/odd', () => {
      throw Object.assign(new Error('hidden'), { status: 200 });
    });
    const http = await request(app).get('/http');
    expect([http.status, http.text, http.headers['x-reason']]).toEqual([422, 'Name is required', 'name']);
    expect([(await request(app).get('/status')).status, (await request(app).get('/status')).text]).toEqual([
      403,
      'Forbidden',
    ]);
    expect((await request(app).get('/code')).status).toBe(503);
    expect((await request(app).get('/odd')).status).toBe(500);
  });

  it('keeps headers set before an error or a 404 (CORS, cookies), and drops those describing the old body', async () => {
    const app = quiet();
    app.use((_req, res, next) => {
      res.set('Access-Control-Allow-Origin', '*').set('Content-Type', 'application/pdf');
      res.attachment('report.pdf');
      next();
    });
    app.get('/fail', () => {
      throw new HttpError(403, 'Not yours');
    });
    for (const path of ['/fail', '/missing']) {
      const res = await request(app).get(path);
      expect(res.headers['access-control-allow-origin'], path).toBe('*');
      expect(res.headers['content-type'], path).toBe('text/plain; charset=utf-8');
      expect(res.headers['content-disposition'], path).toBeUndefined();
    }
  });

  it('answers a malformed %-escape in a param with 400', async () => {
    const app = skiff();
    app.get('/files/:name', (req, res) => res.send(req.params.name));
    expect((await request(app).get('/files/a%20b')).text).toBe('a b');
    const res = await request(app).get('/files/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/Malformed percent-encoding/);
  });

  it('warns in dev when an async handler resolves without responding or calling next', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const app = skiff({ dev: true });
      app.get('/forgot', async (_req, res) => {
        setTimeout(() => res.send('late'), 5);
      });
      expect((await request(app).get('/forgot')).text).toBe('late');
      expect(String(warning.mock.calls[0]?.[0])).toMatch(
        /async handler for GET \/forgot .*resolved without sending a response/,
      );
    } finally {
      warning.mockRestore();
    }
  });
});

describe('req', () => {
  it('parses the query lazily, repeated keys as arrays', async () => {
    const app = skiff();
    app.get('/search', (req, res) => res.json(req.query));
    const res = await request(app).get('/search?tag=a&tag=b&q=hello+world&empty=');
    expect(res.body).toEqual({ tag: ['a', 'b'], q: 'hello world', empty: '' });
  });

  it('has header helpers, content negotiation and connection details', async () => {
    const app = skiff();
    app.post('/info', (req, res) => {
      res.json({
        referrer: req.get('referrer'),
        is: req.is('json'),
        isText: req.is('text/*'),
        accepts: req.accepts('json', 'html'),
        encoding: req.acceptsEncodings('br', 'gzip'),
        hostname: req.hostname,
        protocol: req.protocol,
        secure: req.secure,
        ip: req.ip,
        path: req.path,
      });
    });
    const res = await request(app)
      .post('/info?x=1')
      .set('Referer', 'http://example.com/')
      .set('Accept', 'text/html;q=0.5, application/json')
      .set('Accept-Encoding', 'gzip, br;q=0.8')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send('{}');
    expect(res.body).toEqual({
      referrer: 'http://example.com/',
      is: 'json',
      isText: false,
      accepts: 'json',
      encoding: 'gzip',
      hostname: '127.0.0.1',
      protocol: 'http',
      secure: false,
      ip: '127.0.0.1',
      path: '/info',
    });
  });

  it('believes X-Forwarded-* only with trustProxy', async () => {
    const handler = (req: AppRequest, res: AppResponse) =>
      res.json([req.ip, req.ips, req.protocol, req.hostname]);
    const plain = skiff();
    plain.get('/', handler);
    const trusting = skiff({ trustProxy: true });
    trusting.get('/', handler);
    const send = (app: typeof plain) =>
      request(app)
        .get('/')
        .set('X-Forwarded-For', '203.0.113.9, 10.0.0.1')
        .set('X-Forwarded-Proto', 'https')
        .set('X-Forwarded-Host', 'example.com:8443');
    expect((await send(plain)).body).toEqual(['127.0.0.1', [], 'http', '127.0.0.1']);
    expect((await send(trusting)).body).toEqual([
      '203.0.113.9',
      ['203.0.113.9', '10.0.0.1'],
      'https',
      'example.com',
    ]);
  });
});

describe('res', () => {
  it('sets a type with a slash exactly and looks extensions up', async () => {
    const app = skiff();
    app.get('/exact', (_req, res) => res.type('text/plain').send('plain'));
    app.get('/ext', (_req, res) => res.type('json').send('{}'));
    app.get('/set', (_req, res) => res.set('Content-Type', 'text/plain').send('plain'));
    app.get('/default', (_req, res) => res.send('html'));
    app.get('/buffer', (_req, res) => res.send(Buffer.from('bytes')));
    expect((await request(app).get('/exact')).headers['content-type']).toBe('text/plain');
    expect((await request(app).get('/set')).headers['content-type']).toBe('text/plain');
    expect((await request(app).get('/ext')).headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await request(app).get('/default')).headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await request(app).get('/buffer')).headers['content-type']).toBe('application/octet-stream');
  });

  it('chains status, set and send, and sends JSON for values', async () => {
    const app = skiff();
    app.post('/made', (_req, res) => res.status(201).set('X-A', '1').append('X-A', '2').send({ ok: true }));
    app.get('/number', (_req, res) => res.send(42));
    app.get('/empty', (_req, res) => res.status(204).send('ignored'));
    app.get('/status', (_req, res) => res.sendStatus(202));
    const made = await request(app).post('/made');
    expect(made.status).toBe(201);
    expect(made.headers['x-a']).toBe('1, 2');
    expect(made.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(made.headers['content-length']).toBe('11');
    expect(made.body).toEqual({ ok: true });
    expect((await request(app).get('/number')).text).toBe('42');
    const empty = await request(app).get('/empty');
    expect([empty.status, empty.headers['content-type'], empty.text]).toEqual([204, undefined, '']);
    const status = await request(app).get('/status');
    expect([status.status, status.text, status.headers['content-type']]).toEqual([
      202,
      'Accepted',
      'text/plain; charset=utf-8',
    ]);
  });

  it('redirects with Location and a short body', async () => {
    const app = skiff();
    app.get('/old', (_req, res) => res.redirect('/new path?x=ü'));
    app.get('/moved', (_req, res) => res.redirect(301, 'https://example.com/'));
    const res = await request(app).get('/old').redirects(0);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/new%20path?x=%C3%BC');
    expect(res.text).toBe('Found. Redirecting to /new%20path?x=%C3%BC');
    const moved = await request(app).get('/moved').set('Accept', 'text/html').redirects(0);
    expect(moved.status).toBe(301);
    // As Express 5: the address as text, not a link.
    expect(moved.text).toContain('<p>Moved Permanently. Redirecting to https://example.com/</p>');
  });

  it('adds Vary fields once, and cookies', async () => {
    const app = skiff();
    app.get('/', (_req, res) => {
      res.vary('Accept').vary(['accept', 'Origin']);
      res.cookie('session', 'a b', { httpOnly: true, maxAge: 60_000 }).clearCookie('old');
      res.send('ok');
    });
    const res = await request(app).get('/');
    expect(res.headers.vary).toBe('Accept, Origin');
    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies[0]).toMatch(/^session=a%20b; Max-Age=60; Expires=.+; Path=\/; HttpOnly$/);
    expect(cookies[1]).toMatch(/^old=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=\/$/);
  });

  it('streams with write() and ends', async () => {
    const app = skiff();
    app.get('/stream', (_req, res) => {
      res.type('text/plain');
      res.write('a');
      res.write('b');
      res.end('c');
    });
    const res = await request(app).get('/stream');
    expect(res.text).toBe('abc');
    expect(res.headers['transfer-encoding']).toBe('chunked');
  });
});

describe('res as a writable', () => {
  it('works as the destination of stream.pipeline', async () => {
    const app = skiff();
    app.get('/piped', async (_req, res) => {
      res.type('text/plain');
      await pipeline(Readable.from(['one ', 'two ', 'three']), res);
    });
    const res = await request(app).get('/piped');
    expect([res.status, res.text]).toEqual([200, 'one two three']);
  });

  it('warns on a second end() and keeps the first response', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const app = skiff();
      app.get('/twice', (_req, res) => {
        res.send('first');
        res.send('second');
      });
      expect((await request(app).get('/twice')).text).toBe('first');
      expect(String(warning.mock.calls[0]?.[0])).toMatch(
        /end\(\) was called again on the response to GET \/twice/,
      );
    } finally {
      warning.mockRestore();
    }
  });
});

describe('the app as a server', () => {
  it('listens again after close', async () => {
    const app = skiff();
    app.get('/', (_req, res) => res.send('up'));
    for (let round = 0; round < 2; round += 1) {
      await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
      const address = app.address();
      if (address === null || typeof address === 'string') throw new Error('no address');
      const res = await fetch(`http://127.0.0.1:${address.port}/`);
      expect(await res.text()).toBe('up');
      await new Promise((resolve) => app.close(resolve));
    }
  });
});

describe('routing, more', () => {
  it('runs 10,000 synchronous middleware without overflowing the stack', async () => {
    const app = skiff();
    for (let index = 0; index < 10_000; index += 1) app.use((_req, _res, next) => next());
    app.get('/', (_req, res) => res.send('survived'));
    const res = await request(app).get('/');
    expect([res.status, res.text]).toEqual([200, 'survived']);
  });

  it('gives each router its error handlers; an error they pass on reaches the app', async () => {
    const app = quiet();
    const api = Router();
    api.get('/handled', () => {
      throw new HttpError(409, 'inner');
    });
    api.get('/passed', (_req, _res, next) => next(new HttpError(422, 'passed on')));
    api.use((err: HttpError, req: AppRequest, res: AppResponse, next: NextFunction) => {
      res.set('x-hit-router', req.baseUrl);
      if (req.path === '/handled') res.status(err.status).send(`router caught ${err.message}`);
      else next(err);
    });
    app.get('/outside', () => {
      throw new Error('outside');
    });
    app.use('/api', api);
    app.use((err: HttpError, _req: AppRequest, res: AppResponse, _next: NextFunction) => {
      res.status(err.status ?? 500).send(`app caught ${err.message}`);
    });
    const handled = await request(app).get('/api/handled');
    expect([handled.status, handled.text, handled.headers['x-hit-router']]).toEqual([
      409,
      'router caught inner',
      '/api',
    ]);
    const passed = await request(app).get('/api/passed');
    expect([passed.status, passed.text, passed.headers['x-hit-router']]).toEqual([
      422,
      'app caught passed on',
      '/api',
    ]);
    // The router's error handler never sees an error raised before the router.
    const outside = await request(app).get('/outside');
    expect([outside.status, outside.headers['x-hit-router']]).toEqual([500, undefined]);
  });

  it('answers an HttpError with its status wherever it is thrown, and a string error with 500', async () => {
    const app = quiet();
    const inner = Router();
    inner.use(() => {
      throw new HttpError(401, 'Sign in first');
    });
    app.use('/inner', inner);
    app.get('/async-next', async (_req, _res, next) => {
      await Promise.resolve();
      next(new HttpError(410, 'Gone for good'));
    });
    app.get('/string', (_req, _res, next) => next('just a string'));
    app.get('/from-error-handler', () => {
      throw new Error('first');
    });
    app.use((_err: unknown, req: AppRequest, _res: AppResponse, _next: NextFunction) => {
      if (req.path === '/from-error-handler') throw new HttpError(503, 'Try later');
      _next(_err);
    });
    const inside = await request(app).get('/inner/x');
    expect([inside.status, inside.text]).toEqual([401, 'Sign in first']);
    const gone = await request(app).get('/async-next');
    expect([gone.status, gone.text]).toEqual([410, 'Gone for good']);
    expect((await request(app).get('/string')).status).toBe(500);
    // A 5xx message is not exposed to the client: the reason phrase goes out instead.
    const later = await request(app).get('/from-error-handler');
    expect([later.status, later.text]).toEqual([503, 'Service Unavailable']);
  });

  it('answers every method with all(), and chains route() methods', async () => {
    const app = skiff();
    app.all('/any', (req, res) => res.send(req.method));
    app
      .route('/thing')
      .get((_req, res) => res.send('got'))
      .post((_req, res) => res.status(201).send('posted'));
    expect((await request(app).put('/any')).text).toBe('PUT');
    expect((await request(app).patch('/any')).text).toBe('PATCH');
    expect((await request(app).get('/thing')).text).toBe('got');
    expect((await request(app).post('/thing')).status).toBe(201);
    expect((await request(app).delete('/thing')).headers.allow).toBe('GET, HEAD, POST');
  });

  it('answers HEAD with exactly the headers GET would send', async () => {
    const app = skiff();
    app.get('/page', (_req, res) => res.set('x-hit-1', 'get').type('text/plain').send('hello'));
    const get = await request(app).get('/page');
    const head = await request(app).head('/page');
    const withoutDate = (headers: Record<string, string>) => ({ ...headers, date: undefined });
    expect(withoutDate(head.headers)).toEqual(withoutDate(get.headers));
    expect(head.text).toBeUndefined();
  });

  it('warns and closes the connection when next() is called past the last handler after a response started', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const app = skiff();
      app.get('/half', (_req, res, next) => {
        res.type('text/plain');
        res.write('partial');
        next();
      });
      const received = await rawExchange(app, 'GET /half HTTP/1.1\r\nHost: x\r\n\r\n');
      // The connection closed (rawExchange resolved) without the last chunk: the client sees the body was cut.
      expect(received).not.toMatch(/\r\n0\r\n\r\n$/);
      expect(String(warning.mock.calls[0]?.[0])).toMatch(
        /GET \/half called next\(\) after starting the response without ending it.*End the response/,
      );
    } finally {
      warning.mockRestore();
    }
  });
});

describe('req, more', () => {
  it('reads the raw body as an async iterable and as a stream', async () => {
    const app = skiff();
    app.post('/iterate', async (req, res) => {
      let size = 0;
      for await (const chunk of req) size += (chunk as Buffer).length;
      res.send(`${req.method} ${req.url} ${size}`);
    });
    app.post('/stream', async (req, res) => {
      const chunks: Buffer[] = [];
      await pipeline(
        req.stream(),
        new Writable({
          write(chunk: Buffer, _encoding, callback) {
            chunks.push(chunk);
            callback();
          },
        }),
      );
      res.send(Buffer.concat(chunks).toString().toUpperCase());
    });
    expect((await request(app).post('/iterate?x=1').send('x'.repeat(50_000))).text).toBe(
      'POST /iterate?x=1 50000',
    );
    expect((await request(app).post('/stream').type('text/plain').send('shout')).text).toBe('SHOUT');
  });

  it('exposes method, headers, params and body as Express does', async () => {
    const app = skiff();
    app.use(skiff.json());
    app.put('/users/:id', (req, res) => {
      res.json({
        method: req.method,
        agent: req.headers['x-agent'],
        get: req.get('X-Agent'),
        params: req.params,
        body: req.body,
        is: req.is('application/json'),
        accepts: req.accepts('text/html'),
        originalUrl: req.originalUrl,
        baseUrl: req.baseUrl,
      });
    });
    const res = await request(app).put('/users/7').set('X-Agent', 'test').send({ a: 1 });
    expect(res.body).toEqual({
      method: 'PUT',
      agent: 'test',
      get: 'test',
      params: { id: '7' },
      body: { a: 1 },
      is: 'application/json',
      accepts: 'text/html',
      originalUrl: '/users/7',
      baseUrl: '',
    });
  });
});

describe('res, more', () => {
  it('sends null as an empty body, and sends explicit types exactly as set', async () => {
    const app = skiff();
    app.get('/null', (_req, res) => res.send(null));
    app.get('/object-set', (_req, res) => res.set({ 'Content-Type': 'text/plain', 'X-B': '2' }).send('x'));
    app.get('/vendor-json', (_req, res) => res.type('application/vnd.api+json').json({ data: [] }));
    app.get('/header', (_req, res) => res.header('Content-Type', 'text/csv').send('a,b'));
    const empty = await request(app).get('/null');
    expect([empty.status, empty.headers['content-length'], empty.headers['content-type']]).toEqual([
      200,
      '0',
      undefined,
    ]);
    const set = await request(app).get('/object-set');
    expect([set.headers['content-type'], set.headers['x-b']]).toEqual(['text/plain', '2']);
    expect((await request(app).get('/vendor-json')).headers['content-type']).toBe('application/vnd.api+json');
    expect((await request(app).get('/header')).headers['content-type']).toBe('text/csv');
  });

  it('reads back headers with get(), and sets Location with location()', async () => {
    const app = skiff();
    app.get('/', (_req, res) => {
      res.set('X-One', '1').location('/next page');
      res.send(`${String(res.get('x-one'))} ${String(res.get('Location'))}`);
    });
    const res = await request(app).get('/');
    expect(res.text).toBe('1 /next%20page');
    expect(res.headers.location).toBe('/next%20page');
  });

  it('streams with write() under backpressure: false when full, then drain', async () => {
    const app = skiff();
    const piece = Buffer.alloc(256 * 1024, 0x62);
    const pieces = 16;
    let sawFalse = false;
    app.get('/big', async (_req, res) => {
      res.type('application/octet-stream');
      // Out of the read event that delivered the request, where core batches the writes.
      await new Promise((resolve) => setImmediate(resolve));
      for (let index = 0; index < pieces; index += 1) {
        if (!res.write(piece)) {
          sawFalse = true;
          await new Promise((resolve) => res.once('drain', resolve));
        }
      }
      res.end();
    });
    const res = await request(app)
      .get('/big')
      .buffer(true)
      .parse((response, callback) => {
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
        });
        response.on('end', () => callback(null, size));
      });
    expect(res.body).toBe(piece.length * pieces);
    expect(sawFalse).toBe(true);
  });
});

describe('req.accepts() with no offers', () => {
  it("lists the client's types, best first", async () => {
    const app = skiff();
    app.get('/', (req, res) => res.json(req.accepts()));
    const response = await request(app)
      .get('/')
      .set('Accept', 'text/html;q=0.5, application/json, image/png;q=0');
    expect(response.body).toEqual(['application/json', 'text/html']);
  });
});

describe('headers of an error', () => {
  it('sends string and number values of err.headers, and skips the others', async () => {
    const app = skiff();
    app.get('/', () => {
      throw Object.assign(new Error('slow down'), {
        status: 429,
        headers: { 'Retry-After': 120, 'X-Reason': 'quota', 'X-Odd': { nested: true } },
      });
    });
    const response = await request(app).get('/');
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('120');
    expect(response.headers['x-reason']).toBe('quota');
    expect(response.headers['x-odd']).toBeUndefined();
  });
});

describe('path arrays', () => {
  it('registers a route and a middleware at each path of an array, as Express 5 does', async () => {
    const app = skiff();
    app.use(['/a', '/b'], (_req, res, next) => {
      res.set('x-hit-1', 'use');
      next();
    });
    app.get(['/a', '/b'], (req, res) => {
      res.send(req.path);
    });
    const a = await request(app).get('/a');
    const b = await request(app).get('/b');
    expect([a.text, a.headers['x-hit-1'], b.text, b.headers['x-hit-1']]).toEqual(['/a', 'use', '/b', 'use']);
    await request(app).get('/c').expect(404);
  });
});

describe("settings, as Express's app.set and app.get", () => {
  it('reads a setting with app.get(name), and stores any name', () => {
    const app = skiff();
    expect(app.get('trust proxy')).toBe(false);
    app.set('trust proxy', true).set('views', '/templates');
    expect(app.get('trust proxy')).toBe(true);
    expect(app.get('views')).toBe('/templates');
    app.disable('trust proxy');
    expect(app.disabled('trust proxy')).toBe(true);
    app.enable('etag');
    expect(app.enabled('etag')).toBe(true);
  });

  it("makes req.ip follow X-Forwarded-For once 'trust proxy' is set", async () => {
    const app = skiff();
    app.set('trust proxy', true);
    app.get('/ip', (req, res) => res.send(req.ip));
    const res = await request(app).get('/ip').set('X-Forwarded-For', '203.0.113.7');
    expect(res.text).toBe('203.0.113.7');
  });

  it("applies 'strict routing' set before the first route, and refuses it after", () => {
    const app = skiff();
    app.set('strict routing', true);
    app.get('/dir/', (_req, res) => res.send('dir'));
    expect(() => app.set('case sensitive routing', true)).toThrow(/before the first route/);
    return request(app).get('/dir').expect(404);
  });
});

describe('headers of an error without a status of its own', () => {
  it('are not sent, as with Express: the 500 is not the error', async () => {
    const app = skiff();
    app.on('handlerError', () => undefined);
    app.get('/', () => {
      throw Object.assign(new Error('broken'), { headers: { 'X-From-Error': 'yes' } });
    });
    const response = await request(app).get('/');
    expect(response.status).toBe(500);
    expect(response.headers['x-from-error']).toBeUndefined();
  });
});
