import { dispatchRouter } from './dispatch.js';
import { collectHandlers, type HandlerArg } from './handlers.js';
import { Layer, type LayerOptions } from './layer.js';
import { defineVerbMethods } from './methods.js';
import type { AppRequest } from './request.js';
import type { AppResponse } from './response.js';
import { Route } from './route.js';
import type { ErrorHandler, NextFunction, RequestHandler } from './types.js';

/** Options of a Router. */
export interface RouterOptions {
  /** `/Users` and `/users` are different paths. Default false. */
  caseSensitive?: boolean;
  /** `/users/` and `/users` are different paths. Default false. */
  strict?: boolean;
  /** A mounted router sees the params of its mount path too (`/users/:id` + `/posts`). Default false. */
  mergeParams?: boolean;
}

/** Something `use()` can mount: a Router, or an app (anything with a `router`). */
export type Mountable = Router | { readonly router: Router };

/** Registers route handlers for one method on a path; returns the router for chaining. */
export interface PathMethod<Self> {
  <Path extends string>(path: Path, ...handlers: HandlerArg<Path>[]): Self;
  <Path extends string>(path: Path, ...handlers: (HandlerArg<Path> | ErrorHandler)[]): Self;
  /** The same handlers at several paths, as Express 5 allows. */
  (paths: readonly string[], ...handlers: HandlerArg[]): Self;
}

/** Registers middleware, error handlers and routers, at `/` or at a path prefix. */
export interface UseMethod<Self> {
  (...handlers: (HandlerArg | Mountable)[]): Self;
  <Path extends string>(path: Path, ...handlers: (HandlerArg<Path> | Mountable)[]): Self;
  (...handlers: (HandlerArg | ErrorHandler | Mountable)[]): Self;
  <Path extends string>(path: Path, ...handlers: (HandlerArg<Path> | ErrorHandler | Mountable)[]): Self;
  /** The same middleware at several prefixes, as Express 5 allows. */
  (paths: readonly string[], ...handlers: (HandlerArg | Mountable)[]): Self;
}

/** A stack of middleware and routes; mount it with `app.use('/prefix', router)`. */
export class Router {
  /** The layers, in registration order. */
  readonly stack: Layer[] = [];
  /** A mounted router sees the params of its mount path. */
  readonly mergeParams: boolean;
  #layerOptions: LayerOptions;

  /** Adds middleware, error handlers or routers: `use(fn)`, `use('/api', fn, router)`. */
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

  constructor(options: RouterOptions = {}) {
    this.#layerOptions = { caseSensitive: options.caseSensitive ?? false, strict: options.strict ?? false };
    this.mergeParams = options.mergeParams ?? false;
  }

  /** @internal Changes case sensitivity and strictness; only before anything is registered, as paths compile then. */
  setMatching(options: { caseSensitive: boolean; strict: boolean }): void {
    if (this.stack.length > 0) {
      throw new Error(
        "'case sensitive routing' and 'strict routing' must be set before the first route or middleware; or pass { caseSensitive, strict } to skiff()",
      );
    }
    this.#layerOptions = { caseSensitive: options.caseSensitive, strict: options.strict };
  }

  /** A route at `path`, to register handlers per method on: `route('/users/:id').get(show).put(update)`. */
  route<Path extends string>(path: Path): Route<Path> {
    const route = new Route(path);
    this.stack.push(new Layer(path, { kind: 'route', route: route as unknown as Route }, this.#layerOptions));
    return route;
  }

  /** Runs the stack for a request; `done` is called with the pending error, if any, when the stack runs out. */
  handle(req: AppRequest, res: AppResponse, done: NextFunction): void {
    dispatchRouter(this, req, res, done);
  }

  /** @internal Registers middleware (implementation of `use`). */
  addMiddleware(args: readonly unknown[]): this {
    // Express 5 takes an array of paths: the same middleware at each.
    const first = args[0];
    if (isPathList(first)) {
      for (const path of first) this.addMiddleware([path, ...args.slice(1)]);
      return this;
    }
    const hasPath = typeof args[0] === 'string';
    const path = hasPath ? (args[0] as string) : '/';
    const call = hasPath ? `use(${JSON.stringify(path)})` : 'use()';
    const handlers = collectHandlers(hasPath ? args.slice(1) : args, call, hasPath ? 2 : 1, true);
    for (const handler of handlers) {
      const layer =
        handler instanceof Router
          ? new Layer(path, { kind: 'router', router: handler }, this.#layerOptions)
          : handler.length === 4
            ? new Layer(path, { kind: 'error', handle: handler as ErrorHandler }, this.#layerOptions)
            : new Layer(path, { kind: 'handler', handle: handler as RequestHandler }, this.#layerOptions);
      this.stack.push(layer);
    }
    return this;
  }

  /** @internal Registers route handlers (implementation of `get`, `post`, …). */
  addRoute(method: string | undefined, path: unknown, handlers: readonly unknown[]): this {
    if (isPathList(path)) {
      for (const each of path) this.addRoute(method, each, handlers);
      return this;
    }
    const verb = method?.toLowerCase() ?? 'all';
    if (typeof path !== 'string') {
      throw new TypeError(
        `${verb}() needs a path string (or an array of them) first, e.g. ${verb}('/users/:id', handler); got ${typeof path}`,
      );
    }
    this.route(path).addHandlers(method, handlers, `${verb}(${JSON.stringify(path)})`, 2);
    return this;
  }
}

Object.defineProperty(Router.prototype, 'use', {
  configurable: true,
  writable: true,
  value(this: Router, ...args: unknown[]) {
    return this.addMiddleware(args);
  },
});
defineVerbMethods(Router.prototype, (router, method, [path, ...handlers]) =>
  router.addRoute(method, path, handlers),
);

/** True for a non-empty array of path strings, which Express 5 accepts wherever a path goes. */
function isPathList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string');
}

/** A function that makes Routers, with or without `new`, as `express.Router()` does. */
export interface RouterFactory {
  (options?: RouterOptions): Router;
  new (options?: RouterOptions): Router;
  readonly prototype: Router;
}
