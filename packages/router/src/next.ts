/**
 * Passes control to the next matching handler. `next()` continues, `next(error)` skips to
 * error handlers, `next('route')` skips the rest of this route, `next('router')` leaves
 * the current router. Call it at most once per handler call.
 */
export type NextFunction = (error?: unknown) => void;
