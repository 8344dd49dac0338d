// app.param() and router.param(), checked side by side with Express 5: when the handlers run,
// in which order, how often (once per value per request and router), and their errors.

import skiff, { Router } from '@skiff/router';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { full } from './helpers/full-app.js';
import { type AppLike, errorAsJson, sideBySide } from './middleware/side-by-side.js';

/** Notes a step of the request in `res.locals.steps`; the last handler sends them. */
function step(res: { locals: Record<string, unknown> }, what: string): void {
  const steps = (res.locals.steps as string[] | undefined) ?? [];
  steps.push(what);
  res.locals.steps = steps;
}

/** Sends the steps noted so far, with the params the last handler saw. */
function sendSteps(app: AppLike): void {
  full(app).use((req, res) => {
    res.json({ steps: res.locals.steps ?? [], params: req.params });
  });
}

sideBySide(
  'param handlers run before the first handler of a matching layer, once per value per request',
  (app) => {
    full(app).param('id', (req, res, next, value, name) => {
      step(res, `param ${name}=${value}`);
      req.params.id = `#${value}`;
      next();
    });
    app.use('/users/:id', (req, res, next) => {
      step(res, `use ${req.params.id}`);
      next();
    });
    app.get('/users/:id', (req, res, next) => {
      step(res, `get 1 ${req.params.id}`);
      next();
    });
    app.get('/users/:id', (req, res, next) => {
      step(res, `get 2 ${req.params.id}`);
      next();
    });
    app.get('/users/:other', (req, res, next) => {
      step(res, `other ${JSON.stringify(req.params)}`);
      next();
    });
    sendSteps(app);
  },
  async ({ agent, observe }) => {
    const response = await agent.get('/users/42');
    expect(response.body.steps[0]).toBe('param id=42');
    observe('first request', response.body);
    // A new request handles its values anew.
    observe('second request', (await agent.get('/users/42')).body);
  },
);

sideBySide(
  'several params run in the order of the path; several handlers of one name in the order added',
  (app) => {
    const a = full(app);
    a.param('b', (_req, res, next, value) => {
      step(res, `b1 ${value}`);
      next();
    });
    a.param(['a', 'b'], (_req, res, next, value, name) => {
      step(res, `shared ${name}=${value}`);
      next();
    });
    a.param('a', async (_req, res, next, value) => {
      await new Promise((resolve) => setImmediate(resolve));
      step(res, `a async ${value}`);
      next();
    });
    app.get('/:a/:b', (_req, res, next) => {
      step(res, 'route');
      next();
    });
    // b changes value here: its handlers run again, a's do not.
    app.get('/:a/:x', (req, res, next) => {
      step(res, `second ${JSON.stringify(req.params)}`);
      next();
    });
    app.get('/:b/:a', (_req, res, next) => {
      step(res, 'swapped');
      next();
    });
    sendSteps(app);
  },
  async ({ agent, observe }) => {
    observe('one', (await agent.get('/one/two')).body);
    observe('same', (await agent.get('/same/same')).body);
  },
);

sideBySide(
  "a param handler's error skips to the error handlers; next('route') skips the layer",
  (app) => {
    full(app).param('id', (_req, res, next, value) => {
      step(res, `param ${value}`);
      if (value === 'bad') next(Object.assign(new Error('bad id'), { status: 422 }));
      else if (value === 'throw') throw Object.assign(new Error('thrown'), { status: 409 });
      else if (value === 'reject')
        return Promise.reject(Object.assign(new Error('rejected'), { status: 410 }));
      else if (value === 'skip') next('route');
      else next();
      return undefined;
    });
    app.get('/items/:id', (req, res) => {
      res.json({ steps: res.locals.steps, id: req.params.id });
    });
    // The same value again: skipped again, without calling the handler twice.
    app.get('/items/:id', (_req, res, next) => {
      step(res, 'second route');
      next();
    });
    app.get('/items/:other', (req, res) => {
      res.json({ steps: res.locals.steps, other: req.params.other });
    });
    full(app).use((error: Error, _req: unknown, res: express.Response, _next: unknown) => {
      res
        .status((error as { status?: number }).status ?? 500)
        .json({ message: error.message, steps: res.locals.steps });
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/items/ok')).body).toEqual({ steps: ['param ok'], id: 'ok' });
    expect((await agent.get('/items/bad')).status).toBe(422);
    expect((await agent.get('/items/throw')).status).toBe(409);
    expect((await agent.get('/items/reject')).status).toBe(410);
    expect((await agent.get('/items/skip')).body).toEqual({ steps: ['param skip'], other: 'skip' });
  },
);

sideBySide(
  "router.param() is the router's own: app.param() does not reach a mounted router's layers",
  (app) => {
    const router = express.Router({ mergeParams: true }) as unknown as Router;
    const made = (typeof app === 'function'
      ? router
      : Router({ mergeParams: true })) as unknown as express.Router;
    made.param('id', (_req, res, next, value) => {
      step(res, `router param ${value}`);
      next();
    });
    made.get('/:id', (req, res, next) => {
      step(res, `router get ${JSON.stringify(req.params)}`);
      next();
    });
    full(app).param('group', (_req, res, next, value) => {
      step(res, `app param group=${value}`);
      next();
    });
    full(app).param('id', (_req, res, next, value) => {
      step(res, `app param id=${value}`);
      next();
    });
    full(app).use('/groups/:group', made);
    app.get('/groups/:group/:id', (_req, res, next) => {
      step(res, 'app route');
      next();
    });
    sendSteps(app);
    app.use(errorAsJson);
  },
  async ({ agent, observe }) => {
    observe('nested', (await agent.get('/groups/g1/7')).body);
  },
);

sideBySide(
  'a param handler for a named RegExp group, and for a middleware path',
  (app) => {
    full(app).param('year', (_req, res, next, value) => {
      step(res, `year ${value}`);
      next();
    });
    full(app).use('/archive/:year', (_req, res, next) => {
      step(res, 'use');
      next();
    });
    full(app).get(/^\/archive\/(?<year>\d{4})$/, (_req, res, next) => {
      step(res, 'regexp route');
      next();
    });
    sendSteps(app);
  },
  async ({ agent, observe }) => {
    observe('archive', (await agent.get('/archive/2024')).body);
  },
);

describe('param(): what it refuses', () => {
  it('refuses a handler that is not a function and a name that is not a string, as Express', () => {
    const app = skiff();
    const router = Router();
    expect(() => app.param('id', 'nope' as never)).toThrow(TypeError);
    expect(() => express().param('id', 'nope' as never)).toThrow(TypeError);
    expect(() => router.param(['a'] as never, () => undefined)).toThrow(TypeError);
    expect(() => express.Router().param(['a'] as never, () => undefined)).toThrow(TypeError);
    expect(() => router.param('', () => undefined)).toThrow(TypeError);
    expect(app.param(['a', 'b'], () => undefined)).toBe(app);
  });
});

sideBySide(
  'params are handled for a matching layer of the other kind too (an error handler without an error), as Express',
  (app) => {
    full(app).param('id', (_req, res, next, value) => {
      step(res, `param ${value}`);
      next();
    });
    full(app).param('name', (_req, res, next, value) => {
      step(res, `param name ${value}`);
      next();
    });
    full(app).use(
      '/a/:id',
      (_error: Error, _req: express.Request, res: express.Response, next: express.NextFunction) => {
        step(res, 'error handler that should not run');
        next();
      },
    );
    app.get('/a/:name', (_req, res, next) => {
      step(res, 'fails');
      next(new Error('failed'));
    });
    // An error is pending: this middleware does not run, its params are still handled.
    app.use('/a/:name/', (_req, res, next) => {
      step(res, 'middleware that should not run');
      next();
    });
    full(app).use(
      (error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(500).json({ message: error.message, steps: res.locals.steps });
      },
    );
  },
  async ({ agent, observe }) => {
    observe('steps', (await agent.get('/a/1')).body);
  },
);

sideBySide(
  'HEAD enters a route without GET, as Express: its params are handled and req.route is set, then it hands on',
  (app) => {
    full(app).param('id', (_req, res, next, value) => {
      res.set('X-Param', String(value));
      next();
    });
    app.post('/things/:id', (_req, res) => {
      res.send('posted');
    });
    app.use((req, res) => {
      res.set('X-Route', String((req.route as { path?: string } | undefined)?.path));
      res.status(404).end();
    });
  },
  async ({ agent }) => {
    const response = await agent.head('/things/9');
    expect(response.headers['x-param']).toBe('9');
    expect(response.headers['x-route']).toBe('/things/:id');
    expect((await agent.get('/things/9')).headers['x-param']).toBeUndefined();
  },
);
