import type { NextFunction } from './next.js';
import type { ParamsOf } from './params.js';
import type { AppRequest } from './request.js';
import type { AppResponse } from './response.js';

// Declared as methods so that a handler annotated with a narrower request or error type
// (`err: Error`, a request typed for another path) is still accepted, as in Express.
interface RequestHandlerShape<Path extends string> {
  handle(req: AppRequest<ParamsOf<Path>>, res: AppResponse, next: NextFunction): unknown;
}
interface ErrorHandlerShape {
  handle(error: unknown, req: AppRequest, res: AppResponse, next: NextFunction): unknown;
}

/** A handler `(req, res, next)`, with `req.params` typed from the path it is registered on. May return a promise. */
export type RequestHandler<Path extends string = string> = RequestHandlerShape<Path>['handle'];

/** An error handler: exactly four declared parameters `(err, req, res, next)`. */
export type ErrorHandler = ErrorHandlerShape['handle'];
