import { clientLeft, Server, type ServerOptions } from '@skiff/core';
import { dispatchRouter, type StackDone } from './dispatch.js';
import { finalHandler } from './final-handler.js';
import { defineVerbMethods } from './methods.js';
import { AppRequest } from './request.js';
import { AppResponse } from './response.js';
import type { Route } from './route.js';
import type { PathMethod, UseMethod } from './router.js';
import { Router } from './router.js';

/** Router settings of an app, with their defaults. */
export interface AppSettings {
  /** `/Users` and `/users` are different paths. Default false. */
  caseSensitive: boolean;
  /** `/users/` and `/users` are different paths. Default false. */
  strict: boolean;
  /** Error responses carry the stack trace, and async handlers that never respond are reported. Default false. */
  dev: boolean;
  /** Believe X-Forwarded-For/-Host/-Proto (behind a proxy you run). Default false. */
  trustProxy: boolean;
}

/** Options of `skiff()`: core's limits (see `defaultLimits` in @skiff/core) and the router settings. */
export type AppOptions = Omit<ServerOptions<AppRequest, AppResponse>, 'RequestClass' | 'ResponseClass'> &
  Partial<AppSettings>;

/**
 * An app: a Skiff server (a net.Server: `listen`, `address`, `close`) that routes its
 * requests through a Router. Not a function, so `supertest(app)` drives Skiff's own sockets.
 */
export class App extends Server<AppRequest, AppResponse> {
  /** The router settings in force. */
  readonly settings: Readonly<AppSettings>;
  /** The root router; every routing method of the app registers on it. */
  readonly router: Router;

  /** Adds middleware, error handlers or routers: `use(fn)`, `use('/api', router)`. */
  declare use: UseMethod<this>;
  declare get: PathMethod<this>;
  declare post: PathMethod<this>;
  declare put: PathMethod<this>;
  declare patch: PathMethod<this>;
  declare delete: PathMethod<this>;
  declare head: PathMethod<this>;
  declare options: PathMethod<this>;
  /** Route handlers for every method. */
  declare all: PathMethod<this>;

  constructor(options: AppOptions = {}) {
    const { caseSensitive = false, strict = false, dev = false, trustProxy = false, ...limits } = options;
    super(() => undefined, { ...limits, RequestClass: AppRequest, ResponseClass: AppResponse });
    this.settings = Object.freeze({ caseSensitive, strict, dev, trustProxy });
    this.router = new Router({ caseSensitive, strict });
    const finalOptions = {
      dev,
      onError: (error: unknown, req: AppRequest) => {
        if (this.listenerCount('handlerError') > 0) this.emit('handlerError', error, req);
        // A client that left mid-request is not a server fault: nothing to print.
        else if (!clientLeft(req, req.res)) console.error(error);
      },
    };
    // Made once: the stack's end gets the request and response, so no closure per request.
    const finish: StackDone = (error, req, res) => finalHandler(req, res, error, finalOptions);
    const router = this.router;
    this.setHandler((req, res) => {
      req.app = this;
      req.res = res;
      res.app = this;
      // An absolute-form target (RFC 9112 §3.2.2) is routed by its path; originalUrl keeps it whole.
      if (req.url.charCodeAt(0) !== 47 /* / */ && req.url !== '*') req.url = originFormOf(req.url);
      dispatchRouter(router, req, res, finish);
    });
  }

  /** A route on the root router: `app.route('/users/:id').get(show).put(update)`. */
  route<Path extends string>(path: Path): Route<Path> {
    return this.router.route(path);
  }
}

function originFormOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

Object.defineProperty(App.prototype, 'use', {
  configurable: true,
  writable: true,
  value(this: App, ...args: unknown[]) {
    this.router.addMiddleware(args);
    return this;
  },
});
defineVerbMethods(App.prototype, (app, method, [path, ...handlers]) => {
  app.router.addRoute(method, path, handlers);
  return app;
});
