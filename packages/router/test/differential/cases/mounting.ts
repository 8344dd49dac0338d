// Mounting: routers under prefixes, nested routers, mergeParams, baseUrl and originalUrl.

import type { NextFunction, Request, Response } from 'express';
import type { AppCase } from '../types.js';

function where(label: string) {
  return (req: Request, res: Response) => {
    res.json({
      at: label,
      url: req.url,
      baseUrl: req.baseUrl,
      originalUrl: req.originalUrl,
      path: req.path,
      params: req.params,
    });
  };
}

function plain404(_req: Request, res: Response): void {
  res.status(404).type('text').send('none');
}

/** Mounting cases. */
export const mountingCases: AppCase[] = [
  {
    name: 'routers under prefixes',
    build(app, { Router }) {
      const api = Router();
      api.use((_req, res, next) => {
        res.set('X-Api', 'yes');
        next();
      });
      api.get('/', where('api root'));
      api.get('/items/:id', where('item'));
      api.get('/echo', where('echo'));
      const v2 = Router();
      v2.get('/items/:id', where('v2 item'));
      v2.use(where('v2 fallback'));
      api.use('/v2', v2);
      app.use('/api', api);
      app.use('/api/', (_req, res, next) => {
        res.set('X-After-Api', 'yes');
        next();
      });
      app.use(plain404);
    },
    requests: [
      'GET /api',
      'GET /api/',
      'GET /api/items/7',
      'GET /api/items/7?x=1',
      'GET /api/echo?q=a%20b',
      'GET /api/v2/items/9',
      'GET /api/v2/anything/else',
      'GET /api/v2',
      'GET /API/items/1',
      'GET /apix/items/1',
      'GET /api/nothing',
      'HEAD /api/items/7',
    ],
  },
  {
    name: 'mergeParams',
    build(app, { Router }) {
      const merged = Router({ mergeParams: true });
      merged.get('/', where('merged root'));
      merged.get('/posts/:post', where('merged post'));
      merged.get('/same/:uid', where('merged shadow'));
      const separate = Router();
      separate.get('/posts/:post', where('separate post'));
      app.use('/users/:uid', merged);
      app.use('/people/:uid', separate);
      const inner = Router({ mergeParams: true });
      inner.get('/:c', where('three levels'));
      const middle = Router({ mergeParams: true });
      middle.use('/b/:b', inner);
      app.use('/a/:a', middle);
      app.use(plain404);
    },
    requests: [
      'GET /users/5',
      'GET /users/5/posts/8',
      'GET /users/5/same/6',
      'GET /people/5/posts/8',
      'GET /a/1/b/2/3',
      'GET /users/%41/posts/%42',
    ],
  },
  {
    name: 'next router and middleware order',
    build(app, { Router }) {
      const guarded = Router();
      guarded.use((req, res, next) => {
        res.append('X-Trace', 'guard');
        if (req.query.leave === '1') return next('router');
        next();
      });
      guarded.get('/page', (_req, res) => {
        res.send('inside');
      });
      app.use('/g', guarded);
      app.get('/g/page', (_req, res) => {
        res.send('outside');
      });
      app.use((_req, res, next) => {
        res.append('X-Trace', 'global');
        next();
      });
      app.get('/after', (_req, res) => {
        res.send('after');
      });
      app.use('/fn', (req: Request, res: Response, next: NextFunction) => {
        if (req.path === '/skip') return next();
        res.send(`fn ${req.url}`);
      });
      app.use(plain404);
    },
    requests: [
      'GET /g/page',
      'GET /g/page?leave=1',
      'GET /g/other',
      'GET /after',
      'GET /fn',
      'GET /fn/x',
      'GET /fn/skip',
      'GET /fn?q=1',
    ],
  },
  {
    name: 'routers mounted at several paths and strict routers',
    build(app, { Router }) {
      const shared = Router();
      shared.get('/x', where('shared x'));
      app.use(['/one', '/two'], shared);
      const strict = Router({ strict: true });
      strict.get('/slash/', where('strict slash'));
      strict.get('/bare', where('strict bare'));
      app.use('/strict', strict);
      const sensitive = Router({ caseSensitive: true });
      sensitive.get('/Name', where('sensitive'));
      app.use('/cs', sensitive);
      app.use(plain404);
    },
    requests: [
      'GET /one/x',
      'GET /two/x',
      'GET /three/x',
      'GET /strict/slash/',
      'GET /strict/slash',
      'GET /strict/bare',
      'GET /strict/bare/',
      'GET /cs/Name',
      'GET /cs/name',
    ],
  },
];
