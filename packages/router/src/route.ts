import { dispatchRoute } from './dispatch.js';
import { collectHandlers, type HandlerArg } from './handlers.js';
import type { RouteLayer } from './layer.js';
import { defineVerbMethods } from './methods.js';
import type { NextFunction } from './next.js';
import type { RoutePath } from './paths.js';
import type { AppRequest } from './request.js';
import type { AppResponse } from './response.js';
import type { ErrorHandler, RequestHandler } from './types.js';

// Named through Links by the files below this one, which cannot import it (see links.ts).
declare module './links.js' {
  interface Links {
    /** `req.route`, and what a route's layer runs. */
    Route: Route;
  }
}

/** Registers handlers on a route for one method; returns the route for chaining. */
export interface RouteMethod<Self, Path extends string> {
  (...handlers: HandlerArg<Path>[]): Self;
  (...handlers: (HandlerArg<Path> | ErrorHandler)[]): Self;
}

/** A path with handlers per method: `router.route('/users/:id').get(show).put(update)`. */
export class Route<Path extends string = string> {
  /** The path, as registered: a string, or a RegExp or an array for a route made from one. */
  readonly path: string extends Path ? RoutePath : Path;
  /** The handlers, in registration order. */
  readonly stack: RouteLayer[] = [];
  /** The methods with handlers, lower-case, as Express's `route.methods` (`_all` for `all()`). */
  readonly methods: Record<string, boolean> = Object.create(null);
  readonly #methods = new Set<string>();
  #all = false;

  declare get: RouteMethod<this, Path>;
  declare post: RouteMethod<this, Path>;
  declare put: RouteMethod<this, Path>;
  declare patch: RouteMethod<this, Path>;
  declare delete: RouteMethod<this, Path>;
  declare head: RouteMethod<this, Path>;
  declare options: RouteMethod<this, Path>;
  /** Handlers for every method. */
  declare all: RouteMethod<this, Path>;

  constructor(path: Path) {
    this.path = path as string extends Path ? RoutePath : Path;
  }

  /** Adds handlers for a method (upper-case token), or for every method when undefined. */
  addHandlers(method: string | undefined, args: readonly unknown[], call?: string, firstArgument = 1): this {
    const verb = method?.toLowerCase() ?? 'all';
    const handlers = collectHandlers(
      args,
      call ?? `route(${JSON.stringify(this.path)}).${verb}()`,
      firstArgument,
    );
    if (method === undefined) this.#all = true;
    else this.#methods.add(method);
    this.methods[method?.toLowerCase() ?? '_all'] = true;
    const label = `${method ?? 'ALL'} ${String(this.path)}`;
    for (const handle of handlers) {
      const fn = handle as RequestHandler | ErrorHandler;
      this.stack.push({
        method: method?.toLowerCase(),
        token: method,
        name: fn.name || '<anonymous>',
        handle: fn,
        isErrorHandler: fn.length === 4,
        label,
      });
    }
    return this;
  }

  /** True when the route answers this method; HEAD is answered by GET handlers when it has none of its own. */
  handlesMethod(method: string): boolean {
    if (this.#all || this.#methods.has(method)) return true;
    return method === 'HEAD' && this.#methods.has('GET');
  }

  /** True when handlers were registered for exactly this method. */
  hasMethod(method: string): boolean {
    return this.#methods.has(method);
  }

  /** The methods this route answers, for an `Allow` header. */
  allowedMethods(): string[] {
    const methods = [...this.#methods];
    if (this.#methods.has('GET') && !this.#methods.has('HEAD')) methods.push('HEAD');
    return methods;
  }

  /** Runs the route's handlers for the request's method; `done` continues the router. */
  dispatch(req: AppRequest, res: AppResponse, done: NextFunction): void {
    dispatchRoute(this as unknown as Route, req, res, done);
  }
}

defineVerbMethods(Route.prototype, (route, method, handlers) => route.addHandlers(method, handlers));
