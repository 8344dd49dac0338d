// The request and response name the app, the route and each other through Links (see
// src/links.ts); a user who imports the package must still see the classes themselves.

import skiff, { type App, type AppRequest, type AppResponse, type Route, type Router } from '@skiff/router';
import { describe, expectTypeOf, it } from 'vitest';

/** What a router's layer of one kind runs. */
type TargetOf<Kind extends string> = Extract<Router['stack'][number]['target'], { kind: Kind }>;

describe('the links between the classes, as the package gives them', () => {
  it('type req.app, req.res, req.route, res.app and res.req as the classes', () => {
    expectTypeOf<AppRequest['app']>().toEqualTypeOf<App>();
    expectTypeOf<AppRequest['res']>().toEqualTypeOf<AppResponse>();
    expectTypeOf<AppRequest['route']>().toEqualTypeOf<Route | undefined>();
    expectTypeOf<AppResponse['app']>().toEqualTypeOf<App>();
    expectTypeOf<AppResponse['req']>().toEqualTypeOf<AppRequest>();
  });

  it('give a handler the same types', () => {
    const app = skiff();
    app.get('/users/:id', (req, res) => {
      expectTypeOf(req.app).toEqualTypeOf<App>();
      expectTypeOf(req.res).toEqualTypeOf<AppResponse>();
      expectTypeOf(req.route).toEqualTypeOf<Route | undefined>();
      expectTypeOf(res.app).toEqualTypeOf<App>();
      expectTypeOf(res.req).toEqualTypeOf<AppRequest>();
      expectTypeOf(req.app.get('/more', () => undefined)).toEqualTypeOf<App>();
    });
  });

  it('type what a router stack entry runs as the classes', () => {
    expectTypeOf<TargetOf<'app'>['app']>().toEqualTypeOf<App>();
    expectTypeOf<TargetOf<'router'>['router']>().toEqualTypeOf<Router>();
    expectTypeOf<TargetOf<'route'>['route']>().toEqualTypeOf<Route>();
  });
});
