import { clientLeft, Server, type ServerOptions } from '@skiff/core';
import { type AppSettings, SettingsTable, TRUST_FUNCTION } from './app-settings.js';
import { dispatchRouter, type StackDone } from './dispatch.js';
import { finalHandler } from './final-handler.js';
import type { HttpSettings } from './http-settings.js';
import { defineVerbMethods } from './methods.js';
import type { ParamHandler } from './param.js';
import type { RoutePath } from './paths.js';
import { AppRequest } from './request.js';
import { AppResponse } from './response.js';
import type { Route } from './route.js';
import type { PathMethod, UseMethod } from './router.js';
import { isApp, Router, splitPath } from './router.js';
import { type TrustFunction, trustNone } from './trust-proxy.js';
import { type Engine, type RenderCallback, renderView, type ViewLike, viewSettingDefaults } from './views.js';

// Named through Links by the files below this one, which cannot import it (see links.ts).
declare module './links.js' {
  interface Links {
    /** `req.app`, `res.app`, and what a mounted app's layer runs. */
    App: App;
  }
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
  /** Values for templates and handlers, shared by every request (Express's `app.locals`). */
  locals: Record<string, unknown> = {};
  /** Template engines by extension ('.ejs'): those `engine()` registered and those rendering loaded. */
  readonly engines: Record<string, Engine> = Object.create(null);
  /** Views found by name, kept while 'view cache' is on (Express's `app.cache`). */
  cache: Record<string, ViewLike> = Object.create(null);
  /** The path this app is mounted at by `parent.use(path, app)`; `'/'` for an app that is not mounted. */
  mountpath: RoutePath = '/';
  /** The app that mounted this one with `use`, if any. */
  parent: App | undefined = undefined;
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
    const { caseSensitive = false, strict = false, dev = false, trustProxy, ...limits } = options;
    super(() => undefined, { ...limits, RequestClass: AppRequest, ResponseClass: AppResponse });
    this.#table = new SettingsTable({ caseSensitive, strict, dev, trustProxy });
    const table = this.#table;
    // 'trust proxy' lives in the table (a mounted app may inherit it): `settings` reads it there.
    this.#settings = Object.defineProperty({ caseSensitive, strict, dev } as AppSettings, 'trustProxy', {
      enumerable: true,
      get: () => table.get('trust proxy'),
    });
    this.settings = this.#settings;
    for (const [name, value] of viewSettingDefaults(this.#table.get('env'))) this.#table.set(name, value);
    this.httpSettings = this.#table.http;
    // As Express: a mounted app reads the settings it has not set from its parent's, and its engines.
    this.on('mount', (parent: App) => {
      this.#table.inherit(parent.#table);
      Object.setPrototypeOf(this.engines, parent.engines);
    });
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

  /** @internal The compiled 'trust proxy' in force (inherited from the parent when this app set none). */
  get trustFunction(): TrustFunction {
    return (this.#table.get(TRUST_FUNCTION) as TrustFunction | undefined) ?? trustNone;
  }

  /**
   * Calls `handler(req, res, next, value, name)` before the first handler of a layer whose
   * path has the parameter `name` (or each of an array of names), once per value per request.
   */
  param(name: string | readonly string[], handler: ParamHandler): this {
    if (Array.isArray(name)) {
      for (const each of name as readonly string[]) this.router.param(each, handler);
      return this;
    }
    this.router.param(name as string, handler);
    return this;
  }

  /** The full path this app is mounted at: its parents' mount paths and its own; `''` at the top. */
  path(): string {
    return this.parent ? this.parent.path() + String(this.mountpath) : '';
  }

  /** A route on the root router: `app.route('/users/:id').get(show).put(update)`. */
  route<Path extends string>(path: Path): Route<Path>;
  /** A route at a RegExp or at several paths. */
  route(path: RegExp | readonly (string | RegExp)[]): Route;
  route(path: RoutePath): Route {
    return this.router.route(path as string);
  }

  /**
   * Express's settings: `set(name, value)` stores a value, `set(name)` reads it (a mounted app
   * falls back on its parent's). 'trust proxy' (any of Express's forms), 'case sensitive
   * routing' and 'strict routing' (before the first route) change the app; any other name is
   * kept for whoever reads it (middleware does).
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

  /**
   * Registers a template engine for an extension (with or without the dot), as Express's
   * `app.engine('html', ejs.renderFile)`. Without one, rendering loads `require(ext).__express`.
   */
  engine(ext: string, fn: Engine): this {
    if (typeof fn !== 'function') throw new Error('callback function required');
    this.engines[ext.startsWith('.') ? ext : `.${ext}`] = fn;
    return this;
  }

  /**
   * Renders a view to HTML, as Express's `app.render(name, [options], callback)`: the locals are
   * `app.locals`, then `options`; found in the 'views' directories with the 'view engine' extension.
   */
  render(name: string, callback: RenderCallback): void;
  render(name: string, options: object | undefined, callback: RenderCallback): void;
  render(name: string, options: object | RenderCallback | undefined, callback?: RenderCallback): void {
    const done = typeof options === 'function' ? (options as RenderCallback) : callback;
    if (typeof done !== 'function')
      throw new TypeError('app.render() needs a callback: render(name, [options], callback)');
    const host = {
      set: (setting: string) => this.#table.get(setting),
      locals: this.locals,
      engines: this.engines,
      cache: this.cache,
      settingsObject: () => this.#table.toObject(),
    };
    renderView(host, name, typeof options === 'object' && options !== null ? options : {}, done);
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
    // As Express: an app mounted with app.use() knows its mount path and parent, and hears 'mount'.
    const { path, handlers } = splitPath(args);
    for (const handler of handlers.flat(Number.POSITIVE_INFINITY)) {
      if (!isApp(handler)) continue;
      handler.mountpath = path;
      handler.parent = this;
      handler.emit('mount', this);
    }
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
