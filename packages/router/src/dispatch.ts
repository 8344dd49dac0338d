import type { Layer } from './layer.js';
import type { AppRequest } from './request.js';
import type { AppResponse } from './response.js';
import type { Route, RouteLayer } from './route.js';
import type { Router } from './router.js';
import type { ErrorHandler, NextFunction, RequestHandler } from './types.js';

/**
 * Layers run synchronously in a row before the dispatcher hops to `setImmediate`: a long
 * chain of handlers that call `next()` at once would otherwise overflow the stack.
 */
export const MAX_SYNC_LAYERS = 100;

/** What dispatch learnt about a request that no route answered: the methods its path allows. */
export interface RoutingState {
  /** Methods of the routes whose path matched but whose method did not. */
  readonly allowed: Set<string>;
  /** A route matched both path and method (it then called next()): a 404, not a 405. */
  methodMatched: boolean;
}

// Kept beside the request, not on the layers: layers are shared by all requests at once.
const routingStates = new WeakMap<object, RoutingState>();

/** The methods the request's path allows, when a route matched its path but not its method. */
export function routingState(req: object): RoutingState | undefined {
  return routingStates.get(req);
}

function noteRoute(req: AppRequest, route: Route, methodMatched: boolean): void {
  let state = routingStates.get(req);
  if (state === undefined) {
    state = { allowed: new Set(), methodMatched: false };
    routingStates.set(req, state);
  }
  if (methodMatched) state.methodMatched = true;
  else for (const method of route.allowedMethods()) state.allowed.add(method);
}

/** The path part of a request target (what routes are matched against). */
export function pathnameOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Runs a router's stack for one request: error vs request layers, prefix trim and restore. */
export function dispatchRouter(router: Router, req: AppRequest, res: AppResponse, done: NextFunction): void {
  const stack = router.stack;
  const parentBaseUrl = req.baseUrl;
  const parentParams = req.params;
  let index = 0;
  let sync = 0;
  // The prefix the current layer removed from req.url, put back before the next layer.
  let removed = '';
  let slashAdded = false;

  const restore = (): void => {
    if (removed === '') return;
    req.baseUrl = parentBaseUrl;
    req.url = slashAdded ? removed + req.url.slice(1) : removed + req.url;
    removed = '';
    slashAdded = false;
  };

  const exit = (error?: unknown): void => {
    restore();
    req.params = parentParams;
    done(error);
  };

  const next: NextFunction = (signal?: unknown): void => {
    restore();
    if (signal === 'router') {
      exit();
      return;
    }
    let error: unknown = signal === 'route' || !signal ? undefined : signal;
    if (++sync > MAX_SYNC_LAYERS) {
      sync = 0;
      setImmediate(next, error);
      return;
    }
    const path = pathnameOf(req.url);
    while (index < stack.length) {
      const layer = stack[index++] as Layer;
      let found: ReturnType<Layer['match']>;
      try {
        found = layer.match(path);
      } catch (matchError) {
        // A malformed %-escape: the remaining error handlers get to answer it.
        error ??= matchError;
        continue;
      }
      if (found === undefined) continue;
      const target = layer.target;
      if (target.kind === 'route') {
        // Routes never run while an error is pending; error handlers in them are for their own errors.
        if (error !== undefined) continue;
        if (!target.route.handlesMethod(req.method)) {
          noteRoute(req, target.route, false);
          continue;
        }
        noteRoute(req, target.route, true);
      } else if ((error !== undefined) !== (target.kind === 'error')) {
        continue;
      }

      req.params = router.mergeParams ? { ...parentParams, ...found.params } : found.params;
      if (target.kind === 'route') {
        target.route.dispatch(req, res, next);
      } else {
        if (found.path !== '') {
          removed = found.path;
          req.baseUrl = parentBaseUrl + (removed.endsWith('/') ? removed.slice(0, -1) : removed);
          req.url = req.url.slice(removed.length);
          if (!req.url.startsWith('/')) {
            req.url = `/${req.url}`;
            slashAdded = true;
          }
        }
        if (target.kind === 'router') target.router.handle(req, res, next);
        else invoke(target.handle, target.kind === 'error', error, req, res, next, layer.path);
      }
      sync = 0;
      return;
    }
    exit(error);
  };

  next();
}

/** Runs a route's handlers for the request's method; `done` goes back to the router. */
export function dispatchRoute(route: Route, req: AppRequest, res: AppResponse, done: NextFunction): void {
  const stack = route.stack;
  const method = req.method === 'HEAD' && !route.hasMethod('HEAD') ? 'GET' : req.method;
  let index = 0;
  let sync = 0;

  const next: NextFunction = (signal?: unknown): void => {
    if (signal === 'route' || signal === 'router') {
      // 'route' ends this route only; 'router' goes on up to the router.
      done(signal === 'router' ? 'router' : undefined);
      return;
    }
    const error = signal ? signal : undefined;
    if (++sync > MAX_SYNC_LAYERS) {
      sync = 0;
      setImmediate(next, error);
      return;
    }
    while (index < stack.length) {
      const layer = stack[index++] as RouteLayer;
      if (layer.method !== undefined && layer.method !== method) continue;
      if ((error !== undefined) !== layer.isErrorHandler) continue;
      invoke(layer.handle, layer.isErrorHandler, error, req, res, next, layer.label);
      sync = 0;
      return;
    }
    done(error);
  };

  next();
}

/** A thrown or rejected value as an Error, so that `next(error)` always skips to error handlers. */
function asError(thrown: unknown, label: string): unknown {
  return thrown ? thrown : new Error(`The handler for ${label} threw or rejected with ${String(thrown)}`);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function warn(message: string): void {
  process.emitWarning(message, 'SkiffWarning');
}

/**
 * Calls one handler with a `next` that may be called once. A sync throw or a rejected
 * promise is `next(error)`; a throw after `next()` was called cannot be routed any more, so
 * it is reported instead of running the rest of the chain twice.
 */
export function invoke(
  handle: RequestHandler | ErrorHandler,
  isErrorHandler: boolean,
  error: unknown,
  req: AppRequest,
  res: AppResponse,
  next: NextFunction,
  label: string,
): void {
  let called = false;
  const once: NextFunction = (signal?: unknown) => {
    if (called) {
      warn(
        `next() was called more than once by the handler for ${label} (${req.method} ${req.originalUrl}); the extra call was ignored. Call next() once, and return right after it.`,
      );
      return;
    }
    called = true;
    next(signal);
  };
  const fail = (thrown: unknown): void => {
    if (called) {
      warn(
        `The handler for ${label} (${req.method} ${req.originalUrl}) failed after calling next(), so the error cannot reach the error handlers: ${
          thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)
        }`,
      );
      return;
    }
    called = true;
    next(asError(thrown, label));
  };
  req.next = once;
  let result: unknown;
  try {
    result = isErrorHandler
      ? (handle as ErrorHandler)(error, req, res, once)
      : (handle as RequestHandler)(req, res, once);
  } catch (thrown) {
    fail(thrown);
    return;
  }
  if (isPromiseLike(result)) {
    result.then(() => {
      if (!called && !res.headersSent && !res.responding && req.app?.settings.dev === true) {
        warn(
          `The async handler for ${label} (${req.method} ${req.originalUrl}) resolved without sending a response or calling next(); the client is still waiting. Send a response (res.send, res.end), or call next() or next(err).`,
        );
      }
    }, fail);
  }
}
