// RegExp paths and arrays mixing strings and RegExps, as Express 5's router 2 takes them,
// checked side by side with Express 5.

import { Router } from '@skiff/router';
import express from 'express';
import { expect } from 'vitest';
import { full } from './helpers/full-app.js';
import { type AppLike, sideBySide } from './middleware/side-by-side.js';

/** A plain 404 and an error answer with the error's status, so neither final handler's page is compared. */
function endings(app: AppLike): void {
  app.use((req, res) => {
    res.status(404).send(`none: ${req.originalUrl}`);
  });
  full(app).use(
    (
      error: { status?: number },
      _req: unknown,
      res: { status(code: number): { send(body: string): void } },
      _next: unknown,
    ) => {
      res.status(error.status ?? 500).send('error');
    },
  );
}

sideBySide(
  'a RegExp route: its groups are params 0, 1, … (or their names), decoded',
  (app) => {
    full(app).get(/^\/a(\d+)$/, (req, res) => {
      res.json({ params: req.params, path: req.path });
    });
    full(app).get(/^\/(?<year>\d{4})\/(?<month>\d{2})$/, (req, res) => {
      res.json(req.params);
    });
    full(app).get(/^\/(?:x|y)(\d)-(\w+)?$/, (req, res) => {
      res.json(req.params);
    });
    full(app).get(/^\/text\/(.+)$/, (req, res) => {
      res.json(req.params);
    });
    // Unanchored: matches anywhere in the path, as in Express.
    full(app).get(/needle/, (req, res) => {
      res.json({ params: req.params, url: req.url });
    });
    // Used as written: case-insensitive routing does not apply to a RegExp.
    full(app).get(/^\/Case$/, (_req, res) => {
      res.send('Case');
    });
    endings(app);
  },
  async ({ agent }) => {
    expect((await agent.get('/a12')).body).toEqual({ params: { 0: '12' }, path: '/a12' });
    expect((await agent.get('/2024/05')).body).toEqual({ year: '2024', month: '05' });
    expect((await agent.get('/x1-abc')).body).toEqual({ 0: '1', 1: 'abc' });
    expect((await agent.get('/y2-')).body).toEqual({ 0: '2' });
    expect((await agent.get('/text/caf%C3%A9%20au%20lait')).body).toEqual({ 0: 'café au lait' });
    expect((await agent.get('/text/%E0%A4%A')).status).toBe(400);
    expect((await agent.get('/hay/needle/hay?q=1')).body).toEqual({ params: {}, url: '/hay/needle/hay?q=1' });
    expect((await agent.get('/Case')).text).toBe('Case');
    expect((await agent.get('/case')).status).toBe(404);
    expect((await agent.get('/a12/')).status).toBe(404);
  },
);

sideBySide(
  'a RegExp middleware path: the match is the mount prefix, only at a segment boundary',
  (app) => {
    full(app).use(/^\/files/, (req, res, next) => {
      res.set('X-Mounted', `${req.baseUrl} ${req.url}`);
      next();
    });
    full(app).use(/^\/v(\d+)/, (req, res, next) => {
      res.set('X-Version', `${String(req.params[0])} ${req.baseUrl} ${req.url}`);
      next();
    });
    full(app).use(/\/abc/, (_req, res, next) => {
      res.set('X-Abc', 'yes');
      next();
    });
    app.use((req, res) => {
      res.send(req.originalUrl);
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/files/a/b?x=1')).headers['x-mounted']).toBe('/files /a/b?x=1');
    expect((await agent.get('/files')).headers['x-mounted']).toBe('/files /');
    expect((await agent.get('/filesystem')).headers['x-mounted']).toBeUndefined();
    expect((await agent.get('/v2/users')).headers['x-version']).toBe('2 /v2 /users');
    // Not a prefix of the path: the layer does not run.
    expect((await agent.get('/x/abc')).headers['x-abc']).toBeUndefined();
    expect((await agent.get('/abc/d')).headers['x-abc']).toBe('yes');
  },
);

sideBySide(
  'an array of strings and RegExps is one route or one middleware, tried in order',
  (app) => {
    full(app).use(['/s', /^\/r\d/], (req, res, next) => {
      res.append('X-Use', `${req.baseUrl}|${req.url}`);
      next();
    });
    full(app).get(['/s/:id', /^\/r(\d+)$/, [/^\/nested-(\w+)$/]] as unknown as RegExp[], (req, res, next) => {
      res.append('X-Hit', JSON.stringify(req.params));
      next();
    });
    // Both patterns match /x/5: the route still runs once, with the first pattern's params.
    full(app).get(['/x/:id', /^\/x\/(\d+)$/], (req, res) => {
      res.json(req.params);
    });
    app.use((req, res) => {
      res.send(req.originalUrl);
    });
  },
  async ({ agent }) => {
    const strings = await agent.get('/s/7');
    expect(strings.headers['x-hit']).toBe('{"id":"7"}');
    expect(strings.headers['x-use']).toBe('/s|/7');
    const regexp = await agent.get('/r42');
    expect(regexp.headers['x-hit']).toBe('{"0":"42"}');
    // /^\/r\d/ matches `/r4`, which is not followed by a `/`: the middleware does not run.
    expect(regexp.headers['x-use']).toBeUndefined();
    expect((await agent.get('/r4/x')).headers['x-use']).toBe('/r4|/x');
    expect((await agent.get('/nested-deep')).headers['x-hit']).toBe('{"0":"deep"}');
    expect((await agent.get('/x/5')).body).toEqual({ id: '5' });
  },
);

sideBySide(
  'middleware paths drop a trailing slash even with strict routing, as Express 5',
  (app) => {
    full(app).set('strict routing', true);
    app.use('/dir/', (_req, res, next) => {
      res.set('X-Dir', 'yes');
      next();
    });
    app.get('/dir/', (_req, res) => {
      res.send('dir/');
    });
    app.use((req, res) => {
      res.status(404).send(req.originalUrl);
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/dir')).headers['x-dir']).toBe('yes');
    expect((await agent.get('/dir')).status).toBe(404);
    expect((await agent.get('/dir/')).text).toBe('dir/');
  },
);

sideBySide(
  "with mergeParams, a router's RegExp params are numbered after its mount path's",
  (app) => {
    const made = (typeof app === 'function' ? express.Router : Router)({
      mergeParams: true,
    }) as unknown as express.Router;
    made.get(/^\/x(\d+)-(\d+)$/, (req, res) => {
      res.json(req.params);
    });
    made.get('/:name', (req, res) => {
      res.json(req.params);
    });
    full(app).use(/^\/v(\d+)/, made);
  },
  async ({ agent }) => {
    expect((await agent.get('/v1/x2-3')).body).toEqual({ 0: '1', 1: '2', 2: '3' });
    expect((await agent.get('/v1/named')).body).toEqual({ 0: '1', name: 'named' });
  },
);
