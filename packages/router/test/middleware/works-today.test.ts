// Middleware that need nothing beyond what Skiff's req/res already had: these keep them working.

import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import { rateLimit } from 'express-rate-limit';
import { matchedData, query, validationResult } from 'express-validator';
import helmet from 'helmet';
import methodOverride from 'method-override';
import favicon from 'serve-favicon';
import serveStatic from 'serve-static';
import { expect } from 'vitest';
import { type AppLike, sideBySide } from './side-by-side.js';

/** A 404 of our own, so that neither final handler's page is compared; end() adds no ETag on either side. */
function notFound(app: AppLike): void {
  app.use((req, res) => {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(`Not found: ${req.originalUrl}`);
  });
}

sideBySide(
  'cors',
  (app) => {
    app.use(cors({ origin: 'https://app.example', credentials: true, exposedHeaders: ['X-Total'] }));
    app.get('/items', (_req, res) => {
      res.set('X-Total', '2').json([1, 2]);
    });
  },
  async ({ agent }) => {
    const simple = await agent.get('/items').set('Origin', 'https://app.example');
    expect(simple.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(simple.headers['access-control-allow-credentials']).toBe('true');
    expect(simple.headers['access-control-expose-headers']).toBe('X-Total');
    expect(simple.headers.vary).toBe('Origin');

    const preflight = await agent
      .options('/items')
      .set('Origin', 'https://app.example')
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'X-Custom');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET,HEAD,PUT,PATCH,POST,DELETE');
    expect(preflight.headers['access-control-allow-headers']).toBe('X-Custom');
  },
);

sideBySide(
  'helmet',
  (app) => {
    app.use(helmet());
    app.get('/', (_req, res) => {
      res.send('<p>safe</p>');
    });
  },
  async ({ agent }) => {
    const page = await agent.get('/');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(page.headers['x-powered-by']).toBeUndefined();
  },
  // helmet removes X-Powered-By: compare that it is gone on both.
  { alsoCompare: ['x-powered-by'] },
);

/** A value signed as cookie-parser (cookie-signature) expects: `s:value.HMAC-SHA256 in base64, unpadded`. */
function signed(value: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '');
  return `s:${value}.${mac}`;
}

sideBySide(
  'cookie-parser',
  (app) => {
    app.use(cookieParser('s3cret'));
    app.get('/', (req, res) => {
      res.json({ cookies: req.cookies, signedCookies: req.signedCookies });
    });
  },
  async ({ agent }) => {
    const cookies = [
      'plain=hello%20there',
      `json=${encodeURIComponent('j:{"n":1}')}`,
      `good=${encodeURIComponent(signed('trusted', 's3cret'))}`,
      `bad=${encodeURIComponent(signed('forged', 'other'))}`,
    ];
    const parsed = await agent.get('/').set('Cookie', cookies.join('; '));
    expect(parsed.body).toEqual({
      cookies: { plain: 'hello there', json: { n: 1 } },
      signedCookies: { good: 'trusted', bad: false },
    });
  },
);

sideBySide(
  'compression',
  (app) => {
    app.use(compression());
    app.get('/large', (_req, res) => {
      res.json({ items: Array.from({ length: 200 }, (_, index) => `item ${index}`) });
    });
    app.get('/small', (_req, res) => {
      res.send('tiny');
    });
    app.get('/streamed', (_req, res) => {
      res.type('text');
      res.write('a'.repeat(2000));
      res.end('b'.repeat(2000));
    });
  },
  async ({ agent }) => {
    const large = await agent.get('/large').set('Accept-Encoding', 'gzip');
    expect(large.headers['content-encoding']).toBe('gzip');
    expect(large.headers['content-length']).toBeUndefined();
    expect(large.body.items).toHaveLength(200);

    const small = await agent.get('/small').set('Accept-Encoding', 'gzip');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['content-length']).toBe('4');

    const streamed = await agent.get('/streamed').set('Accept-Encoding', 'gzip');
    expect(streamed.headers['content-encoding']).toBe('gzip');
    expect(streamed.text).toBe('a'.repeat(2000) + 'b'.repeat(2000));

    const identity = await agent.get('/large').set('Accept-Encoding', 'identity');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toBe('Accept-Encoding');
  },
);

sideBySide(
  'express-rate-limit',
  (app) => {
    app.use(rateLimit({ windowMs: 60_000, limit: 2, standardHeaders: 'draft-7', legacyHeaders: false }));
    app.get('/', (_req, res) => {
      res.json({ ok: true });
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/')).headers.ratelimit).toMatch(/^limit=2, remaining=1, reset=\d+$/);
    expect((await agent.get('/')).status).toBe(200);
    const limited = await agent.get('/');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
  },
  // The window's reset is counted in whole seconds from each side's own start.
  {
    normalize: {
      ratelimit: (value) => value.replace(/reset=\d+/, 'reset=<s>'),
      'retry-after': () => '<s>',
    },
  },
);

sideBySide(
  'serve-static',
  (app) => {
    app.use('/static', serveStatic(fileURLToPath(new URL('../fixtures/public', import.meta.url))));
    notFound(app);
  },
  async ({ agent }) => {
    const file = await agent.get('/static/hello.txt');
    expect(file.status).toBe(200);
    expect(file.text).toBe('hello file\n');
    expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
    const etag = file.headers.etag;
    expect(etag).toMatch(/^W\/"b-/);

    expect((await agent.head('/static/hello.txt')).headers['content-length']).toBe('11');
    expect((await agent.get('/static/hello.txt').set('If-None-Match', String(etag))).status).toBe(304);
    const range = await agent.get('/static/hello.txt').set('Range', 'bytes=0-4');
    expect(range.status).toBe(206);
    expect(range.text).toBe('hello');

    expect((await agent.get('/static/sub')).status).toBe(301);
    // Dotfiles are ignored: on to the next handler.
    expect((await agent.get('/static/.env')).status).toBe(404);
    expect((await agent.get('/static/none.txt')).status).toBe(404);
  },
  { alsoCompare: ['etag'] },
);

sideBySide(
  'express-validator',
  (app) => {
    app.get(
      '/subscribe',
      query('email').isEmail().normalizeEmail(),
      query('age').optional().isInt(),
      (req, res) => {
        const result = validationResult(req);
        if (!result.isEmpty()) {
          res.status(422).json({ errors: result.array() });
          return;
        }
        // Express 5's req.query is parsed anew on each read: sanitized values come from matchedData().
        res.json(matchedData(req));
      },
    );
  },
  async ({ agent }) => {
    const valid = await agent.get('/subscribe?email=Ada@Example.COM');
    expect(valid.body).toEqual({ email: 'ada@example.com' });

    const invalid = await agent.get('/subscribe?email=nope&age=old');
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.map((error: { path: string }) => error.path)).toEqual(['email', 'age']);
  },
);

sideBySide(
  'method-override',
  (app) => {
    app.use(methodOverride('X-HTTP-Method-Override'));
    // An empty string is no override.
    app.use(methodOverride((req) => (typeof req.query._method === 'string' ? req.query._method : '')));
    app.delete('/items/:id', (req, res) => {
      // method-override keeps the method as sent in req.originalMethod (not in Express's types).
      const { originalMethod } = req as typeof req & { originalMethod?: string };
      res.json({ deleted: req.params.id, method: req.method, originalMethod });
    });
    app.post('/items/:id', (req, res) => {
      res.json({ posted: req.params.id });
    });
  },
  async ({ agent }) => {
    const byHeader = await agent.post('/items/7').set('X-HTTP-Method-Override', 'DELETE');
    expect(byHeader.body).toEqual({ deleted: '7', method: 'DELETE', originalMethod: 'POST' });
    const byQuery = await agent.post('/items/8?_method=DELETE');
    expect(byQuery.body).toEqual({ deleted: '8', method: 'DELETE', originalMethod: 'POST' });
    expect((await agent.post('/items/9')).body).toEqual({ posted: '9' });
  },
);

/** serve-favicon serves any bytes it is given; it does not check the icon format. */
const icon = Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0x68, 4, 0, 0]);

sideBySide(
  'serve-favicon',
  (app) => {
    app.use(favicon(icon, { maxAge: 60_000 }));
    notFound(app);
  },
  async ({ agent }) => {
    const served = await agent.get('/favicon.ico');
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/x-icon');
    expect(served.headers['cache-control']).toBe('public, max-age=60');
    expect((await agent.get('/favicon.ico').set('If-None-Match', String(served.headers.etag))).status).toBe(
      304,
    );
    const options = await agent.options('/favicon.ico');
    expect(options.status).toBe(200);
    expect(options.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect((await agent.post('/favicon.ico')).status).toBe(405);
  },
  { alsoCompare: ['etag'] },
);
