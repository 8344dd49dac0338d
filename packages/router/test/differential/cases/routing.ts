// Routing: params, optional parts, splats, case, trailing slashes, methods, HEAD, OPTIONS,
// 404/405, next('route'), arrays of paths.

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppCase } from '../types.js';

/** Answers with what the route saw, so a wrong match shows in the body. */
function echo(label: string) {
  return (req: Request, res: Response) => {
    res.json({ route: label, params: req.params, path: req.path, url: req.url });
  };
}

/** The app's own 404, so the frameworks' default pages (which differ on purpose) stay out of the way. */
function plain404(_req: Request, res: Response): void {
  res.status(404).type('text').send('none');
}

/** Routing cases. */
export const routingCases: AppCase[] = [
  {
    name: 'params',
    build(app) {
      app.get('/users/:id', echo('user'));
      app.get('/users/:id/books/:book', echo('book'));
      app.get('/files/:name.:ext', echo('file'));
      app.get('/range/:from-:to', echo('range'));
      app.get('/enc/:value', echo('enc'));
      app.use(plain404);
    },
    requests: [
      'GET /users/1',
      'GET /users/abc',
      'GET /users/1/books/2',
      'GET /users/1/books',
      'GET /users/',
      'GET /files/report.pdf',
      'GET /files/archive.tar.gz',
      'GET /range/1-5',
      'GET /enc/a%20b',
      'GET /enc/%E2%82%AC',
      'GET /enc/a%2Fb',
      'GET /enc/caf%C3%A9?x=1',
      'GET /users/1?sort=asc',
      'GET /users/1#frag',
      'GET /users/%31',
    ],
  },
  {
    name: 'optional and splat',
    build(app) {
      app.get('/opt{/:id}', echo('opt'));
      app.get('/lang{/:lang}/page', echo('lang'));
      app.get('/files/*path', echo('splat'));
      app.get('/docs{/*rest}', echo('docs'));
      app.get('/ext/:name{.:ext}', echo('ext'));
      app.use(plain404);
    },
    requests: [
      'GET /opt',
      'GET /opt/5',
      'GET /opt/5/6',
      'GET /lang/page',
      'GET /lang/en/page',
      'GET /files/a',
      'GET /files/a/b/c.txt',
      'GET /files/',
      'GET /files',
      'GET /files/a%2Fb/c',
      'GET /docs',
      'GET /docs/x/y',
      'GET /ext/readme',
      'GET /ext/readme.md',
    ],
  },
  {
    name: 'case and trailing slash (defaults)',
    build(app) {
      app.get('/About', echo('about'));
      app.get('/dir/', echo('dir'));
      app.get('/plain', echo('plain'));
      app.use(plain404);
    },
    requests: [
      'GET /about',
      'GET /ABOUT',
      'GET /About',
      'GET /dir',
      'GET /dir/',
      'GET /plain/',
      'GET /plain//',
      'GET //plain',
    ],
  },
  {
    name: 'case sensitive and strict routing',
    build(app) {
      app.set('case sensitive routing', true);
      app.set('strict routing', true);
      app.get('/About', echo('about'));
      app.get('/dir/', echo('dir'));
      app.get('/plain', echo('plain'));
      app.use(plain404);
    },
    requests: ['GET /about', 'GET /About', 'GET /dir', 'GET /dir/', 'GET /plain', 'GET /plain/'],
  },
  {
    name: 'methods',
    build(app) {
      app.get('/thing', (_req, res) => {
        res.set('X-Handler', 'get').send('got');
      });
      app.post('/thing', (_req, res) => {
        res.status(201).send('posted');
      });
      app.put('/thing', (_req, res) => {
        res.send('put');
      });
      app.patch('/thing', (_req, res) => {
        res.send('patched');
      });
      app.delete('/thing', (_req, res) => {
        res.status(204).end();
      });
      app.all('/any', (req, res) => {
        res.send(`any ${req.method}`);
      });
      app.head('/own-head', (_req, res) => {
        res.set('X-Head', 'own').end();
      });
      app.get('/own-head', (_req, res) => {
        res.send('get body');
      });
      app.options('/own-options', (_req, res) => {
        res.set('Allow', 'GET').send('custom');
      });
      app.use(plain404);
    },
    requests: [
      'GET /thing',
      'HEAD /thing',
      { line: 'POST /thing', body: '' },
      { line: 'PUT /thing', body: 'x' },
      { line: 'PATCH /thing', body: 'x' },
      'DELETE /thing',
      'GET /any',
      { line: 'POST /any', body: 'a' },
      'DELETE /any',
      'HEAD /any',
      'OPTIONS /any',
      'HEAD /own-head',
      'GET /own-head',
      'OPTIONS /own-options',
      'TRACE /thing',
    ],
  },
  {
    name: 'default 404, 405 and OPTIONS',
    build(app) {
      app.get('/only-get', (_req, res) => {
        res.send('ok');
      });
      app
        .route('/multi')
        .get((_req, res) => {
          res.send('g');
        })
        .post((_req, res) => {
          res.send('p');
        });
    },
    requests: [
      'GET /missing',
      'HEAD /missing',
      { line: 'POST /missing', body: 'x' },
      'GET /missing?q=1',
      'GET /a%20b',
      'GET /%3Cscript%3E',
      'DELETE /only-get',
      { line: 'PUT /multi', body: 'x' },
      'OPTIONS /only-get',
      'OPTIONS /multi',
      'OPTIONS /missing',
      'HEAD /only-get',
      'GET /only-get',
    ],
  },
  {
    name: 'next route and arrays of paths',
    build(app) {
      app.get(
        '/chain/:n',
        (req, res, next) => {
          res.set('X-Hit-1', 'yes');
          if (req.params.n === 'skip') return next('route');
          next();
        },
        (_req, res) => {
          res.send('second handler');
        },
      );
      app.get('/chain/:n', (_req, res) => {
        res.send('next route');
      });
      app.get(['/one', '/two', '/three/:x'], echo('array'));
      const first: RequestHandler = (_req, res, next) => {
        res.append('X-Order', 'a');
        next();
      };
      const second: RequestHandler = (_req, res, next) => {
        res.append('X-Order', 'b');
        next();
      };
      // Express flattens arrays at any depth; its typings stop at one.
      const nested = [first, [second]] as unknown as RequestHandler[];
      app.get('/nested', nested, (_req: Request, res: Response) => {
        res.send('nested arrays');
      });
      app.use(plain404);
    },
    requests: [
      'GET /chain/1',
      'GET /chain/skip',
      'GET /one',
      'GET /two',
      'GET /three/3',
      'GET /four',
      'GET /nested',
    ],
  },
  {
    name: 'route() chains and all()',
    build(app) {
      app
        .route('/book')
        .all((_req, res, next) => {
          res.set('X-All', '1');
          next();
        })
        .get((_req, res) => {
          res.send('get book');
        })
        .post((_req, res) => {
          res.send('post book');
        });
      app.use('/mw', (req, res) => {
        res.json({ url: req.url, baseUrl: req.baseUrl, originalUrl: req.originalUrl });
      });
    },
    requests: [
      'GET /book',
      { line: 'POST /book', body: '' },
      'HEAD /book',
      'DELETE /book',
      'OPTIONS /book',
      'GET /mw',
      'GET /mw/',
      'GET /mw/deep/er?x=1',
      'GET /mwx',
      'GET /MW/a',
    ],
  },
  {
    name: 'route-level error handlers and catch-alls',
    build(app) {
      app.get(
        '/guarded',
        () => {
          throw new Error('inside route');
        },
        (err: Error, _req: Request, res: Response, _next: () => void) => {
          res.status(418).json({ caughtInRoute: err.message });
        },
      );
      app.get(
        '/passes',
        (_req: Request, _res: Response, next: NextFunction) => next(),
        (err: Error, _req: Request, res: Response, _next: () => void) => {
          res.json({ never: err.message });
        },
        (_req: Request, res: Response) => {
          res.send('skipped the error handler');
        },
      );
      app.all('/{*splat}', (req, res) => {
        res.json({ catchAll: req.params.splat ?? null, method: req.method });
      });
    },
    requests: [
      'GET /guarded',
      'GET /passes',
      'GET /',
      'GET /any/thing',
      { line: 'PUT /x/y', body: 'z' },
      'HEAD /h',
    ],
  },
];
