import { clientLeft, Server, type ServerOptions } from '@skiff/core';
import { type AppSettings, SettingsTable } from './app-settings.js';
import { dispatchRouter, type StackDone } from './dispatch.js';
import { finalHandler } from './final-handler.js';
import type { HttpSettings } from './http-settings.js';
import { defineVerbMethods } from './methods.js';
import { AppRequest } from './request.js';
import { AppResponse } from './response.js';
import type { Route } from './route.js';
import type { PathMethod, UseMethod } from './router.js';
import { Router } from './router.js';

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
  /** Values for templates and handlers, shared by every request (Express's `app.locals`). */
  locals: Record<string, unknown> = {};
  /** @internal What send(), json() and req.query read, compiled by `set()` (etag, query parser, json…). */
  readonly httpSettings: Readonly<HttpSettings>;
  readonly #settings: AppSettings;
  readonly #table: SettingsTable;

  /** Adds middleware, error handlers or routers: `use(fn)`, `use('/api', router)`. */
  declare use: UseMethod<this>;
  /** Route handlers for GET (and HEAD); with one string and nothing else, reads a setting, as in Express. */
  declare get: ((setting: string) => unknown) & PathMethod<this>;
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
    this.#settings = { caseSensitive, strict, dev, trustProxy };
    this.settings = this.#settings;
    this.#table = new SettingsTable(this.#settings);
    this.httpSettings = this.#table.http;
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

  /**
   * Express's settings: `set(name, value)` stores a value, `set(name)` reads it. 'trust proxy'
   * (true or false), 'case sensitive routing' and 'strict routing' (before the first route)
   * change the app; any other name is kept for whoever reads it (middleware does).
   */
  set(name: string): unknown;
  set(name: string, value: unknown): this;
  set(name: string, ...value: unknown[]): unknown {
    if (value.length === 0) return this.#table.get(name);
    const change = this.#table.set(name, value[0]);
    if (change.caseSensitive !== undefined || change.strict !== undefined) {
      this.router.setMatching({ ...this.#settings, ...change });
    }
    Object.assign(this.#settings, change);
    return this;
  }

  /** Sets a setting to true. */
  enable(name: string): this {
    return this.set(name, true);
  }

  /** Sets a setting to false. */
  disable(name: string): this {
    return this.set(name, false);
  }

  /** True when a setting is truthy. */
  enabled(name: string): boolean {
    return Boolean(this.set(name));
  }

  /** True when a setting is falsy. */
  disabled(name: string): boolean {
    return !this.set(name);
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
defineVerbMethods(App.prototype, (app, method, args) => {
  // Express: `app.get(name)` with one string reads a setting, it does not register a route.
  if (method === 'GET' && args.length === 1 && typeof args[0] === 'string') return app.set(args[0]);
  const [path, ...handlers] = args;
  app.router.addRoute(method, path, handlers);
  return app;
});
