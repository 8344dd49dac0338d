// Behaviours of Express 5 that Skiff matches, each checked side by side with Express itself.
import { fileURLToPath } from 'node:url';

import { expect } from 'vitest';
import { sideBySide } from './middleware/side-by-side.js';

sideBySide(
  'reason phrases are Node’s, as Express sends them',
  (app) => {
    app.get('/:status', (req, res) => {
      res.sendStatus(Number(req.params.status));
    });
  },
  async ({ agent, observe }) => {
    for (const status of [200, 404, 413, 422, 509]) {
      const response = await agent.get(`/${status}`);
      expect(response.status).toBe(status);
      observe(
        `reason ${status}`,
        (response as unknown as { res: { statusMessage: string } }).res.statusMessage,
      );
    }
  },
);

sideBySide(
  'res.cookie() writes objects as j:JSON and anything else as text',
  (app) => {
    app.get('/', (_req, res) => {
      res.cookie('number', 5).cookie('flag', true).cookie('object', { a: 1 }).cookie('text', 'plain');
      res.send('ok');
    });
  },
  async ({ agent }) => {
    const response = await agent.get('/');
    expect(response.headers['set-cookie']).toHaveLength(4);
  },
);

sideBySide(
  'a path registered with a trailing slash matches without it, when routing is not strict',
  (app) => {
    app.use('/mounted/', (_req, res, next) => {
      res.set('X-Mounted', 'yes');
      next();
    });
    app.get('/dir/', (_req, res) => {
      res.send('dir');
    });
    app.get('/mounted/x', (_req, res) => {
      res.send('x');
    });
    // The two frameworks' own 404 pages differ on purpose (router README): compare a plain one.
    app.use((_req, res) => {
      res.status(404).send('none');
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/dir')).status).toBe(200);
    expect((await agent.get('/dir/')).status).toBe(200);
    expect((await agent.get('/mounted/x')).headers['x-mounted']).toBe('yes');
    expect((await agent.get('/mounted')).headers['x-mounted']).toBe('yes');
  },
);

sideBySide(
  'res.links() with several URLs for one rel, and res.set() refusing a Content-Type array',
  (app) => {
    app.get('/links', (_req, res) => {
      res.links({ next: '/page/3', pages: ['/page/1', '/page/2'] });
      res.links({ last: '/page/9' });
      res.send('ok');
    });
    app.get('/type-array', (_req, res) => {
      try {
        res.set('Content-Type', ['text/plain', 'text/html']);
        res.send('set');
      } catch (error) {
        res.status(500).send((error as Error).message);
      }
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/links')).headers.link).toContain('rel="pages"');
    expect((await agent.get('/type-array')).status).toBe(500);
  },
);

sideBySide(
  'the query string is read for its first 1000 pairs, as node:querystring',
  (app) => {
    app.get('/', (req, res) => {
      res.json(Object.keys(req.query as object).length);
    });
  },
  async ({ agent }) => {
    // Short pairs: the request line stays within Skiff's 8 KiB limit.
    const search = Array.from({ length: 1200 }, (_, index) => `${index}=`).join('&');
    expect((await agent.get(`/?${search}`)).body).toBe(1000);
  },
);

sideBySide(
  'X-Forwarded-Proto is taken as sent, with the proxy trusted',
  (app) => {
    (app as unknown as { set(name: string, value: unknown): void }).set('trust proxy', true);
    app.get('/', (req, res) => {
      res.json({ protocol: req.protocol, secure: req.secure });
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/').set('X-Forwarded-Proto', 'https')).body).toEqual({
      protocol: 'https',
      secure: true,
    });
    await agent.get('/').set('X-Forwarded-Proto', 'HTTPS');
  },
);

sideBySide(
  'a string sent under another charset goes out as UTF-8, and its Content-Type says so',
  (app) => {
    app.get('/', (_req, res) => {
      res.type('text/plain; charset=iso-8859-1').send('café');
    });
  },
  async ({ agent }) => {
    const response = await agent.get('/').buffer(true);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
  },
);

sideBySide(
  'acceptsLanguages, acceptsEncodings and acceptsCharsets, with and without offers',
  (app) => {
    app.get('/', (req, res) => {
      res.json({
        languages: req.acceptsLanguages(),
        language: req.acceptsLanguages('fr', 'en-GB', 'en'),
        encodings: req.acceptsEncodings(),
        encoding: req.acceptsEncodings('identity', 'gzip', 'br'),
        charsets: req.acceptsCharsets(),
        charset: req.acceptsCharsets('iso-8859-1', 'utf-8'),
      });
    });
  },
  async ({ agent }) => {
    await agent
      .get('/')
      .set('Accept-Language', 'en;q=0.8, fr-CA, en-GB;q=0.9, *;q=0.1')
      .set('Accept-Encoding', 'gzip;q=0.5, br, identity;q=0.1')
      .set('Accept-Charset', 'iso-8859-1;q=0.2, utf-8');
    await agent.get('/');
    await agent
      .get('/')
      .set('Accept-Language', 'de')
      .set('Accept-Encoding', 'deflate')
      .set('Accept-Charset', 'utf-16');
  },
);

sideBySide(
  'res.format() answers by Accept, falls back to default, else 406',
  (app) => {
    const formats = {
      text: (_req: unknown, res: { send: (body: string) => void }) => res.send('hey'),
      json: (_req: unknown, res: { send: (body: string) => void }) => res.send('{"message":"hey"}'),
    };
    app.get('/strict', (_req, res) => {
      res.format(formats);
    });
    app.get('/loose', (_req, res) => {
      res.format({
        ...formats,
        default: (_req: unknown, r: { status: (n: number) => { send: (b: string) => void } }) =>
          r.status(200).send('default'),
      });
    });
    app.use(
      (
        error: { status?: number },
        _req: unknown,
        res: { status: (n: number) => { send: (b: string) => void } },
        _next: unknown,
      ) => {
        res.status(error.status ?? 500).send(`error ${error.status}`);
      },
    );
  },
  async ({ agent }) => {
    expect((await agent.get('/strict').set('Accept', 'application/json')).text).toBe('{"message":"hey"}');
    await agent.get('/strict').set('Accept', 'text/*;q=0.9, application/json;q=0.5');
    expect((await agent.get('/strict').set('Accept', 'image/png')).status).toBe(406);
    await agent.get('/loose').set('Accept', 'image/png');
  },
);

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

sideBySide(
  'res.download() sends a file as an attachment, under its own name or another',
  (app) => {
    app.get('/own', (_req, res) => {
      res.download(`${fixtures}secret.txt`);
    });
    app.get('/renamed', (_req, res) => {
      res.download(`${fixtures}secret.txt`, 'report.txt');
    });
  },
  async ({ agent }) => {
    const own = await agent.get('/own');
    expect(own.headers['content-disposition']).toBe('attachment; filename=secret.txt');
    await agent.get('/renamed');
  },
  { ignore: ['last-modified', 'etag', 'cache-control', 'accept-ranges'] },
);

sideBySide(
  'res.attachment() writes Content-Disposition as the content-disposition package does',
  (app) => {
    app.get('/:name', (req, res) => {
      // A Buffer: Express's send() would add a charset to a string's type, a documented difference.
      res.attachment(String(req.params.name)).send(Buffer.from('file'));
    });
  },
  async ({ agent }) => {
    for (const name of [
      'report.pdf',
      'my report.pdf',
      'café.txt',
      '日本語.txt',
      'a%20b.txt',
      "it's (1).txt",
    ]) {
      const response = await agent.get(`/${encodeURIComponent(name)}`);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename/);
    }
  },
);
