// Apps mounted in apps (`app.use('/admin', admin)`) and req.route, checked side by side with
// Express 5: mountpath, parent, 'mount', path(), inherited settings, req.app and errors.

import skiff from '@skiff/router';
import type express from 'express';
import { describe, expect, it } from 'vitest';
import { full, sameKind } from './helpers/full-app.js';
import { errorAsJson, sideBySide } from './middleware/side-by-side.js';

/** `app.parent`, which Express sets on a mounted app but does not declare. */
function parentOf(app: express.Express): unknown {
  return (app as unknown as { parent?: unknown }).parent;
}

sideBySide(
  'a mounted app knows its mount path, its parent and its full path, and hears mount',
  (app) => {
    const admin = sameKind(app);
    const blog = sameKind(app);
    const heard: string[] = [];
    admin.on('mount', (parent: express.Application) =>
      heard.push(`admin mounted, parent is app: ${parent === full(app)}`),
    );
    blog.on('mount', (parent: express.Application) =>
      heard.push(`blog mounted, parent is admin: ${parent === admin}`),
    );
    blog.get('/', (_req, res) => {
      res.json({ mountpath: blog.mountpath, path: blog.path(), parentIsAdmin: parentOf(blog) === admin });
    });
    admin.use('/blog', blog);
    admin.get('/', (_req, res) => {
      res.json({
        mountpath: admin.mountpath,
        path: admin.path(),
        parentIsApp: parentOf(admin) === full(app),
      });
    });
    const many = sameKind(app);
    many.get('/', (_req, res) => {
      res.json({ mountpath: many.mountpath, path: many.path() });
    });
    app.use('/admin', admin);
    full(app).use(['/one', '/two'], many);
    app.get('/', (_req, res) => {
      res.json({
        mountpath: full(app).mountpath,
        path: full(app).path(),
        parent: parentOf(full(app)) ?? null,
      });
    });
    return heard;
  },
  async ({ agent, context, observe }) => {
    observe('heard', [...context]);
    expect((await agent.get('/admin/blog')).body).toEqual({
      mountpath: '/blog',
      path: '/admin/blog',
      parentIsAdmin: true,
    });
    expect((await agent.get('/admin')).body).toEqual({
      mountpath: '/admin',
      path: '/admin',
      parentIsApp: true,
    });
    expect((await agent.get('/two')).body).toEqual({ mountpath: ['/one', '/two'], path: '/one,/two' });
    expect((await agent.get('/')).body).toEqual({ mountpath: '/', path: '', parent: null });
  },
);

sideBySide(
  "req.app and res.app are the mounted app inside it and the parent's again after it",
  (app) => {
    const sub = sameKind(app);
    const seen = (where: string, req: express.Request, res: express.Response) =>
      `${where}: req.app is ${req.app === sub ? 'sub' : req.app === full(app) ? 'app' : '?'}, res.app is ${
        res.app === sub ? 'sub' : res.app === full(app) ? 'app' : '?'
      }, baseUrl ${req.baseUrl}, url ${req.url}`;
    sub.use((req, res, next) => {
      res.append('X-Seen', seen('sub', req, res));
      next();
    });
    sub.get('/fail', () => {
      throw Object.assign(new Error('from the sub-app'), { status: 418 });
    });
    sub.get('/leave', (_req, _res, next) => {
      next('router');
    });
    app.use('/sub', sub);
    app.use((req, res) => {
      res.append('X-Seen', seen('after', req, res));
      res.send(req.originalUrl);
    });
    full(app).use(
      (error: Error, req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.append('X-Seen', seen('error handler', req, res));
        res.status(500).send(error.message);
      },
    );
  },
  async ({ agent }) => {
    expect((await agent.get('/sub/missing?x=1')).headers['x-seen']).toContain('after: req.app is app');
    expect((await agent.get('/sub/fail')).text).toBe('from the sub-app');
    await agent.get('/sub/leave');
  },
);

sideBySide(
  "a mounted app's errors go to its own error handlers first, then to its parent's",
  (app) => {
    const sub = sameKind(app);
    sub.get('/handled', () => {
      throw Object.assign(new Error('handled inside'), { status: 409 });
    });
    sub.get('/passed', () => {
      throw Object.assign(new Error('passed on'), { status: 422 });
    });
    sub.get('/async', async () => {
      throw Object.assign(new Error('rejected'), { status: 503 });
    });
    sub.use((error: Error, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (error.message === 'handled inside') res.status(409).send('sub handled it');
      else next(error);
    });
    app.use('/sub', sub);
    app.use(errorAsJson);
  },
  async ({ agent }) => {
    expect((await agent.get('/sub/handled')).text).toBe('sub handled it');
    expect((await agent.get('/sub/passed')).status).toBe(422);
    expect((await agent.get('/sub/async')).status).toBe(503);
  },
);

sideBySide(
  'a mounted app reads the settings it did not set from its parent, and keeps its own locals',
  (app) => {
    const sub = sameKind(app);
    full(app).set('title', 'Parent');
    full(app).set('shared', 'from the parent');
    full(app).locals.name = 'app';
    sub.set('title', 'Sub');
    sub.locals.name = 'sub';
    sub.get('/', (req, res) => {
      res.json({
        title: req.app.get('title'),
        shared: req.app.get('shared'),
        later: req.app.get('later'),
        env: req.app.get('env') === full(app).get('env'),
        name: req.app.locals.name,
        same: req.app.locals === full(app).locals,
      });
    });
    app.use('/sub', sub);
    // Set after mounting: still read through the parent.
    full(app).set('later', 'set after mount');
    app.get('/', (req, res) => {
      res.json({ title: req.app.get('title'), name: req.app.locals.name });
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/sub')).body).toEqual({
      title: 'Sub',
      shared: 'from the parent',
      later: 'set after mount',
      env: true,
      name: 'sub',
      same: false,
    });
    expect((await agent.get('/')).body).toEqual({ title: 'Parent', name: 'app' });
  },
);

sideBySide(
  'req.route is the matched route while its handlers run, and stays on the request after',
  (app) => {
    const describeRoute = (req: express.Request) => {
      const route = req.route as
        | { path: unknown; methods: Record<string, boolean>; stack: { method?: string; name: string }[] }
        | undefined;
      return route === undefined
        ? null
        : {
            path: String(route.path),
            methods: Object.keys(route.methods),
            stack: route.stack.map((layer) => `${layer.method} ${layer.name}`),
          };
    };
    app.use((req, res, next) => {
      res.append('X-Before', JSON.stringify(describeRoute(req)));
      next();
    });
    full(app)
      .route('/users/:id')
      .get((req, res, next) => {
        res.append('X-Route', JSON.stringify(describeRoute(req)));
        next();
      })
      .post(function save(_req, res) {
        res.send('posted');
      })
      .all((req, res, next) => {
        res.append('X-All', JSON.stringify(describeRoute(req)));
        next();
      });
    full(app).get(/^\/re(\d)$/, (req, res) => {
      res.json(describeRoute(req));
    });
    app.get(['/a', '/b'], (req, res) => {
      res.json({ path: (req.route as { path: unknown }).path });
    });
    app.use((req, res) => {
      res.json({ after: describeRoute(req) });
    });
  },
  async ({ agent }) => {
    const response = await agent.get('/users/1');
    expect(response.headers['x-before']).toBe('null');
    expect(response.body.after.path).toBe('/users/:id');
    await agent.get('/re1');
    expect((await agent.get('/b')).body).toEqual({ path: ['/a', '/b'] });
  },
);

describe('a mounted app, in Skiff only', () => {
  it('starts unmounted, and app.use() sets its parent and mount path', () => {
    const app = skiff();
    const sub = skiff();
    expect(sub.mountpath).toBe('/');
    expect(sub.parent).toBeUndefined();
    expect(sub.path()).toBe('');
    app.use('/x', sub);
    expect(sub.parent).toBe(app);
    expect(sub.mountpath).toBe('/x');
  });
});
