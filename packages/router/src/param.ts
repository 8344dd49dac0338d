import type { NextFunction } from './next.js';
import type { AppRequest } from './request.js';
import type { AppResponse } from './response.js';

// A method, so that a handler annotated with a narrower value (`id: string`) is accepted, as in Express.
interface ParamHandlerShape {
  handle(
    req: AppRequest,
    res: AppResponse,
    next: NextFunction,
    value: string | string[],
    name: string,
  ): unknown;
}

/**
 * A `param()` handler: `(req, res, next, value, name)`. `next()` goes on, `next(error)` skips to
 * error handlers, `next('route')` skips the layer. May return a promise; a rejection is `next(error)`.
 */
export type ParamHandler = ParamHandlerShape['handle'];

/** What the handlers of one name did in this request: the value they ran for, the value they left, their error. */
interface ParamCall {
  error: unknown;
  match: unknown;
  value: unknown;
}

/** The param calls of one router in one request, by name: a value seen before is not handled twice. */
export type ParamCalls = Map<string, ParamCall>;

/**
 * Runs the param handlers for the params a layer matched (`keys`, in the order of its path), then
 * `done(error)`. As Express's router 2: a name whose value was already handled in this router
 * for this request is not handled again (its handlers' value is restored, its error repeated).
 */
export function runParams(
  handlers: ReadonlyMap<string, readonly ParamHandler[]>,
  keys: readonly string[],
  calls: ParamCalls,
  req: AppRequest,
  res: AppResponse,
  done: (error?: unknown) => void,
): void {
  const params = req.params;
  let keyIndex = 0;
  let key = '';
  let value: unknown;
  let list: readonly ParamHandler[] = [];
  let listIndex = 0;
  let call: ParamCall = { error: null, match: undefined, value: undefined };

  const nextParam = (error?: unknown): void => {
    if (error) {
      done(error);
      return;
    }
    for (;;) {
      if (keyIndex >= keys.length) {
        done();
        return;
      }
      key = keys[keyIndex++] as string;
      value = params[key];
      const found = handlers.get(key);
      if (value === undefined || found === undefined) continue;
      list = found;
      const previous = calls.get(key);
      if (previous && (previous.match === value || (previous.error && previous.error !== 'route'))) {
        params[key] = previous.value as string;
        if (previous.error) {
          done(previous.error);
          return;
        }
        continue;
      }
      break;
    }
    listIndex = 0;
    call = { error: null, match: value, value };
    calls.set(key, call);
    nextHandler();
  };

  const nextHandler = (error?: unknown): void => {
    const handler = list[listIndex++];
    // A handler may have changed the value: later layers with the same value get it back.
    call.value = params[key];
    if (error) {
      call.error = error;
      done(error);
      return;
    }
    if (handler === undefined) {
      nextParam();
      return;
    }
    callParam(handler, req, res, nextHandler, value, key);
  };

  nextParam();
}

/** Calls one param handler: a throw or a rejected promise is `next(error)`, as Express. */
function callParam(
  handler: ParamHandler,
  req: AppRequest,
  res: AppResponse,
  next: NextFunction,
  value: unknown,
  name: string,
): void {
  try {
    const result = handler(req, res, next, value as string, name) as { then?: unknown } | null | undefined;
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      (result as PromiseLike<unknown>).then(undefined, (error: unknown) =>
        next(error || new Error('Rejected promise')),
      );
    }
  } catch (error) {
    next(error);
  }
}
