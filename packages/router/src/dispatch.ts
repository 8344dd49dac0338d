import type { Layer, LayerMatch, RouteLayer } from './layer.js';
import type { Links } from './links.js';
import type { NextFunction } from './next.js';
import { type ParamCalls, runParams } from './param.js';
import type { Params } from './params.js';
import type { AppRequest } from './request.js';
import type { AppResponse } from './response.js';
import type { RouteIndex } from './route-index.js';
import type { ErrorHandler, RequestHandler } from './types.js';
import { pathnameOf } from './url.js';

/**
 * Layers run synchronously in a row before the dispatcher hops to `setImmediate`: a long
 * chain of handlers that call `next()` at once would otherwise overflow the stack.
 */
export const MAX_SYNC_LAYERS = 100;

/** The candidates before the first next() looks them up: one shared empty list, not one per request. */
const NO_LAYERS: readonly Layer[] = [];

/** Called when a router's stack runs out, with the pending error (if any). */
export type StackDone = (error: unknown, req: AppRequest, res: AppResponse) => void;

/** Marks a request for which a route matched both path and method: a 404 then, never a 405. */
export const METHOD_MATCHED = 'method matched';

/**
 * Notes on the request (not on the layer: layers serve every request at once) that a
 * route's path matched: its methods go into the 405's Allow, unless some route also
 * matched the method. Nothing is allocated for the common case of a matching route.
 */
function noteRoute(req: AppRequest, route: Links['Route'], methodMatched: boolean): void {
  if (methodMatched) {
    req.routeMethods = METHOD_MATCHED;
    return;
  }
  if (req.routeMethods === METHOD_MATCHED) return;
  req.routeMethods ??= new Set();
  for (const method of route.allowedMethods()) req.routeMethods.add(method);
}

/**
 * Runs a router's stack for one request: error vs request layers, prefix trim and restore.
 * One `next` closure per router and request; `done` gets the request and response, so the
 * app passes one function made at startup.
 */
export function dispatchRouter(
  router: Links['Router'],
  req: AppRequest,
  res: AppResponse,
  done: StackDone,
): void {
  // Only the layers that can match the path are tried, in stack order (see RouteIndex); the
  // first next() looks them up.
  let index: RouteIndex<Layer> | undefined;
  let indexedPath = '';
  let layers: readonly Layer[] = NO_LAYERS;
  let position = 0;
  const parentBaseUrl = req.baseUrl;
  const parentParams = req.params;
  let sync = 0;
  // The prefix the current layer removed from req.url, put back before the next layer.
  let removed = '';
  let slashAdded = false;
  // What param handlers did in this router for this request; made on first use.
  let paramCalls: ParamCalls | undefined;
  const paramHandlers = router.paramHandlers;

  const next: NextFunction = (signal?: unknown): void => {
    if (removed !== '') {
      req.baseUrl = parentBaseUrl;
      req.url = slashAdded ? removed + req.url.slice(1) : removed + req.url;
      removed = '';
      slashAdded = false;
    }
    let error: unknown = signal === 'route' || signal === 'router' || !signal ? undefined : signal;
    if (signal !== 'router') {
      if (++sync > MAX_SYNC_LAYERS) {
        sync = 0;
        setImmediate(next, error);
        return;
      }
      const path = pathnameOf(req.url);
      if (index === undefined || path !== indexedPath || index.size !== router.stack.length) {
        // The first layer, or a middleware rewrote req.url, or the stack changed: go on from the
        // same place in the stack, among the layers that can match the path.
        const tried =
          index === undefined || position === 0 ? -1 : index.positionOf(layers[position - 1] as Layer);
        index = router.index();
        indexedPath = path;
        layers = index.candidates(path);
        position = 0;
        while (position < layers.length && index.positionOf(layers[position] as Layer) <= tried) position++;
      }
      while (position < layers.length) {
        const layer = layers[position++] as Layer;
        let found: LayerMatch | undefined;
        try {
          found = layer.match(path);
        } catch (matchError) {
          // A malformed %-escape: the remaining error handlers get to answer it.
          error ??= matchError;
          continue;
        }
        if (found === undefined) continue;
        const target = layer.target;
        // False for a middleware of the other kind (error handler vs handler), run only for its params.
        let runs = true;
        if (target.kind === 'route') {
          // Routes never run while an error is pending; error handlers in them are for their own errors.
          if (error !== undefined) continue;
          const methodMatched = target.route.handlesMethod(req.method);
          noteRoute(req, target.route, methodMatched);
          // As Express: HEAD still enters a route without GET (req.route is set, params are
          // handled), which has no handler for it and hands on.
          if (!methodMatched && req.method !== 'HEAD') continue;
          // As Express: the route stays on the request after its handlers ran.
          req.route = target.route;
        } else if ((error !== undefined) !== (target.kind === 'error')) {
          // As Express: a layer of the other kind still has its params handled, then hands on.
          if (paramHandlers === undefined || !hasParams(found.params)) continue;
          runs = false;
        }

        req.params = router.mergeParams ? mergeParams(found.params, parentParams) : found.params;
        if (paramHandlers !== undefined) {
          const keys = Object.keys(found.params);
          if (keys.length > 0) {
            // Only with param handlers: their continuation needs this layer, so it is made here.
            const pending = error;
            const matched = found.path;
            const enters = runs;
            paramCalls ??= new Map();
            runParams(paramHandlers, keys, paramCalls, req, res, (paramError) => {
              if (paramError || !enters) {
                next(pending ?? paramError);
                return;
              }
              if (matched !== '' && target.kind !== 'route') {
                removed = matched;
                slashAdded = trimPrefix(req, parentBaseUrl, matched);
              }
              enter(layer, pending, req, res, next);
            });
            sync = 0;
            return;
          }
        }
        if (found.path !== '' && target.kind !== 'route') {
          removed = found.path;
          slashAdded = trimPrefix(req, parentBaseUrl, removed);
        }
        enter(layer, error, req, res, next);
        sync = 0;
        return;
      }
    }
    req.params = parentParams;
    done(error, req, res);
  };

  next();
}

/** True when a match has at least one param. */
function hasParams(params: Params): boolean {
  for (const _name in params) return true;
  return false;
}

/**
 * The params of a router with `mergeParams`: its parent's, then its own over them. As Express's
 * router 2, when both have RegExp params (`0`, `1`, …) the router's own are numbered after the parent's.
 */
function mergeParams(own: Params, parent: Params): Params {
  if (!('0' in own) || !('0' in parent)) return { ...parent, ...own };
  let ownCount = 0;
  while (String(ownCount) in own) ownCount++;
  let parentCount = 0;
  while (String(parentCount) in parent) parentCount++;
  const merged: Params = { ...parent, ...own };
  for (let index = 0; index < ownCount; index++) merged[String(index + parentCount)] = own[String(index)];
  for (let index = 0; index < Math.min(ownCount, parentCount); index++)
    merged[String(index)] = parent[String(index)];
  return merged;
}

/**
 * Removes a middleware's matched prefix from req.url and adds it to req.baseUrl. Returns
 * whether a `/` had to be put in front of what remains (to be taken off again on the way out).
 */
function trimPrefix(req: AppRequest, parentBaseUrl: string, matched: string): boolean {
  req.baseUrl = parentBaseUrl + (matched.endsWith('/') ? matched.slice(0, -1) : matched);
  req.url = req.url.slice(matched.length);
  if (req.url.charCodeAt(0) === 47 /* / */) return false;
  req.url = `/${req.url}`;
  return true;
}

/** Runs what a matched layer holds: a route, a router, an app, a handler or an error handler. */
function enter(layer: Layer, error: unknown, req: AppRequest, res: AppResponse, next: NextFunction): void {
  const target = layer.target;
  switch (target.kind) {
    case 'route':
      target.route.dispatch(req, res, next);
      return;
    case 'router':
      dispatchRouter(target.router, req, res, next);
      return;
    case 'app':
      enterApp(target.app, req, res, next);
      return;
    default:
      invoke(target.handle, target.kind === 'error', error, req, res, next, layer.label);
  }
}

/**
 * Runs a mounted app's router with `req.app` and `res.app` switched to it, and switched back
 * when it hands the request on (an error too), as Express does for `app.use(subApp)`.
 */
function enterApp(app: Links['App'], req: AppRequest, res: AppResponse, next: NextFunction): void {
  const parent = req.app;
  req.app = app;
  res.app = app;
  dispatchRouter(app.router, req, res, (error) => {
    req.app = parent;
    res.app = parent;
    next(error);
  });
}

/** Runs a route's handlers for the request's method; `done` goes back to the router. */
export function dispatchRoute(
  route: Links['Route'],
  req: AppRequest,
  res: AppResponse,
  done: NextFunction,
): void {
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
      if (layer.token !== undefined && layer.token !== method) continue;
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
  return thrown
    ? thrown
    : new Error(
        `The handler for ${label} threw or rejected with ${String(thrown)}; throw an Error (or call next(err) with one) so that error handlers can tell what failed`,
      );
}

/** A `next()` argument that is an error, not a signal ('route', 'router') or nothing. */
function isError(signal: unknown): boolean {
  return Boolean(signal) && signal !== 'route' && signal !== 'router';
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

/** Hands a thrown or rejected value on, or reports it when the handler had already called next(). */
function failed(
  thrown: unknown,
  alreadyCalled: boolean,
  req: AppRequest,
  next: NextFunction,
  label: string,
): void {
  if (alreadyCalled) {
    warn(
      `The handler for ${label} (${req.method} ${req.originalUrl}) failed after calling next(), so the error cannot reach the error handlers: ${
        thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)
      }. Return right after calling next(), or call next(err) instead of throwing.`,
    );
    return;
  }
  next(asError(thrown, label));
}

/**
 * Calls one handler with a `next` that may be called once (one closure per handler call:
 * the guard needs to know which call it belongs to). A sync throw or a rejected promise is
 * `next(error)`; a throw after `next()` was called cannot be routed any more, so it is
 * reported instead of running the rest of the chain twice.
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
  let calledWithError = false;
  const once: NextFunction = (signal?: unknown) => {
    if (called) {
      // As Express: a later next(err) after a plain next() still reaches the error handlers while
      // nothing has been sent (connect-timeout works this way). Any other repeat is a bug, and ignored.
      if (!calledWithError && isError(signal) && !res.headersSent) {
        calledWithError = true;
        next(signal);
        return;
      }
      warn(
        `next() was called more than once by the handler for ${label} (${req.method} ${req.originalUrl}); the extra call was ignored. Call next() once, and return right after it.`,
      );
      return;
    }
    called = true;
    calledWithError = isError(signal);
    next(signal);
  };
  req.next = once;
  let result: unknown;
  try {
    result = isErrorHandler
      ? (handle as ErrorHandler)(error, req, res, once)
      : (handle as RequestHandler)(req, res, once);
  } catch (thrown) {
    const alreadyCalled = called;
    called = true;
    failed(thrown, alreadyCalled, req, next, label);
    return;
  }
  if (!isPromiseLike(result)) return;
  const dev = req.app?.settings.dev === true;
  result.then(
    dev
      ? () => {
          if (!called && !res.headersSent && !res.responding) {
            warn(
              `The async handler for ${label} (${req.method} ${req.originalUrl}) resolved without sending a response or calling next(); the client is still waiting. Send a response (res.send, res.end), or call next() or next(err).`,
            );
          }
        }
      : undefined,
    (thrown: unknown) => {
      const alreadyCalled = called;
      called = true;
      failed(thrown, alreadyCalled, req, next, label);
    },
  );
}
