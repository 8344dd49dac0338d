import { dispatchRouter } from './dispatch.js';
import { collectHandlers, type HandlerArg } from './handlers.js';
import { Layer, type LayerOptions } from './layer.js';
import type { Links } from './links.js';
import { defineVerbMethods } from './methods.js';
import type { NextFunction } from './next.js';
import type { ParamHandler } from './param.js';
import { describe, type RoutePath } from './paths.js';
import type { AppRequest } from './request.js';
import type { AppResponse } from './response.js';
import { Route } from './route.js';
import { RouteIndex } from './route-index.js';
import type { ErrorHandler, RequestHandler } from './types.js';

// Named through Links by the files below this one, which cannot import it (see links.ts).
declare module './links.js' {
  interface Links {
    /** What a mounted router's layer runs. */
    Router: Router;
  }
}

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
  /** A RegExp (its groups are params `0`, `1`… or their names), or several paths, as Express 5 allows. */
  (paths: RegExp | readonly (string | RegExp)[], ...handlers: HandlerArg[]): Self;
  (paths: RegExp | readonly (string | RegExp)[], ...handlers: (HandlerArg | ErrorHandler)[]): Self;
}

/** Registers middleware, error handlers and routers, at `/` or at a path prefix. */
export interface UseMethod<Self> {
  (...handlers: (HandlerArg | Mountable)[]): Self;
  <Path extends string>(path: Path, ...handlers: (HandlerArg<Path> | Mountable)[]): Self;
  (...handlers: (HandlerArg | ErrorHandler | Mountable)[]): Self;
  <Path extends string>(path: Path, ...handlers: (HandlerArg<Path> | ErrorHandler | Mountable)[]): Self;
  /** A RegExp prefix, or the same middleware at several prefixes, as Express 5 allows. */
  (paths: RegExp | readonly (string | RegExp)[], ...handlers: (HandlerArg | Mountable)[]): Self;
  (
    paths: RegExp | readonly (string | RegExp)[],
    ...handlers: (HandlerArg | ErrorHandler | Mountable)[]
  ): Self;
}

/** A stack of middleware and routes; mount it with `app.use('/prefix', router)`. */
export class Router {
  /** The layers, in registration order. */
  readonly stack: Layer[] = [];
  /** The stack narrowed by path; rebuilt when the stack has grown since. */
  #index: RouteIndex<Layer> | undefined;
  /** A mounted router sees the params of its mount path. */
  readonly mergeParams: boolean;
  /** @internal The `param()` handlers by parameter name; undefined until one is added, so routing checks one field. */
  paramHandlers: Map<string, ParamHandler[]> | undefined = undefined;
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
  route<Path extends string>(path: Path): Route<Path>;
  /** A route at a RegExp or at several paths. */
  route(path: RegExp | readonly (string | RegExp)[]): Route;
  route(path: RoutePath): Route {
    // As Express: the route's path is the path as given, an array flattened.
    const route = new Route(
      (Array.isArray(path) ? (path as readonly unknown[]).flat(Number.POSITIVE_INFINITY) : path) as string,
    );
    this.stack.push(new Layer(route.path, { kind: 'route', route }, this.#layerOptions));
    return route;
  }

  /**
   * Calls `handler(req, res, next, value, name)` before the first handler of a layer of this
   * router whose path has the parameter `name`, once per value per request (as Express's
   * router 2). Handlers for one name run in the order added.
   */
  param(name: string, handler: ParamHandler): this {
    if (!name) throw new TypeError('param(name, handler): the name is required');
    if (typeof name !== 'string') {
      throw new TypeError(
        `param(name, handler): the name must be a string, got ${describe(name)}; app.param() also takes an array`,
      );
    }
    if (typeof handler !== 'function') {
      throw new TypeError(
        `param(${JSON.stringify(name)}, handler): the handler must be a function (req, res, next, value, name), got ${describe(handler)}`,
      );
    }
    this.paramHandlers ??= new Map();
    const handlers = this.paramHandlers.get(name);
    if (handlers === undefined) this.paramHandlers.set(name, [handler]);
    else handlers.push(handler);
    return this;
  }

  /**
   * @internal The index of the stack by the layers' literal leading segments, rebuilt when the
   * stack has changed length since (layers added after the first request, or removed).
   */
  index(): RouteIndex<Layer> {
    if (this.#index === undefined || this.#index.size !== this.stack.length) {
      this.#index = new RouteIndex(this.stack, this.#layerOptions.caseSensitive);
    }
    return this.#index;
  }

  /** Runs the stack for a request; `done` is called with the pending error, if any, when the stack runs out. */
  handle(req: AppRequest, res: AppResponse, done: NextFunction): void {
    dispatchRouter(this, req, res, done);
  }

  /** @internal Registers middleware (implementation of `use`). */
  addMiddleware(args: readonly unknown[]): this {
    const { path, hasPath, handlers: given } = splitPath(args);
    const call = hasPath ? `use(${describePath(path)})` : 'use()';
    const handlers = collectHandlers(given, call, hasPath ? 2 : 1, mountableOf);
    for (const handler of handlers) {
      const layer =
        handler instanceof Router
          ? new Layer(path, { kind: 'router', router: handler }, this.#layerOptions)
          : typeof handler !== 'function'
            ? new Layer(path, { kind: 'app', app: handler }, this.#layerOptions)
            : handler.length === 4
              ? new Layer(path, { kind: 'error', handle: handler as ErrorHandler }, this.#layerOptions)
              : new Layer(path, { kind: 'handler', handle: handler as RequestHandler }, this.#layerOptions);
      this.stack.push(layer);
    }
    return this;
  }

  /** @internal Registers route handlers (implementation of `get`, `post`, …). */
  addRoute(method: string | undefined, path: unknown, handlers: readonly unknown[]): this {
    const verb = method?.toLowerCase() ?? 'all';
    if (!isPath(path)) {
      throw new TypeError(
        `${verb}() needs a path string, a RegExp or an array of them first, e.g. ${verb}('/users/:id', handler); got ${typeof path}`,
      );
    }
    this.route(path as string).addHandlers(method, handlers, `${verb}(${describePath(path)})`, 2);
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

/**
 * True for a path: a string, a RegExp, or an array whose first item (nested arrays looked
 * into) is one, as Express's `use` tells a path from a handler.
 */
function isPath(value: unknown): value is RoutePath {
  let first = value;
  while (Array.isArray(first) && first.length > 0) first = first[0];
  return typeof first === 'string' || first instanceof RegExp;
}

/** A path for messages: a string quoted, a RegExp or an array as written. */
function describePath(path: RoutePath): string {
  if (typeof path === 'string') return JSON.stringify(path);
  if (path instanceof RegExp) return String(path);
  return `[${path.map(describePath).join(', ')}]`;
}

/** @internal The mount path of a `use()` call (`/` when none) and the arguments after it. */
export function splitPath(args: readonly unknown[]): {
  path: RoutePath;
  hasPath: boolean;
  handlers: unknown[];
} {
  const hasPath = isPath(args[0]);
  return hasPath
    ? { path: args[0] as RoutePath, hasPath, handlers: args.slice(1) }
    : { path: '/', hasPath, handlers: [...args] };
}

/** What `use()` mounts besides functions: an app, or a Router (also one inside an app-like `{ router }`). */
function mountableOf(value: unknown): Router | Links['App'] | undefined {
  if (isApp(value) || value instanceof Router) return value;
  if (typeof value === 'object' && value !== null && 'router' in value && value.router instanceof Router)
    return value.router;
  return undefined;
}

/** @internal True for a Skiff app (what `use` mounts as an app, not as a plain router). */
export function isApp(value: unknown): value is Links['App'] {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { router?: unknown }).router instanceof Router &&
    typeof (value as { set?: unknown }).set === 'function' &&
    typeof (value as { emit?: unknown }).emit === 'function'
  );
}

/** A function that makes Routers, with or without `new`, as `express.Router()` does. */
export interface RouterFactory {
  (options?: RouterOptions): Router;
  new (options?: RouterOptions): Router;
  readonly prototype: Router;
}
