import { STATUS_CODES } from 'node:http';
import { type ErrorHandler, HttpError, type Request, type RequestHandler } from '@skiff/router';

/** The JSON body of every error response: `{ "error": { status, message, field? } }`. */
export interface ErrorBody {
  error: {
    status: number;
    message: string;
    /** The input field at fault, for a validation error. */
    field?: string;
  };
}

/**
 * A request whose input is wrong, naming the field at fault: 400 when the request cannot be
 * read as a note at all (not a JSON object, a bad query parameter), 422 when a field breaks a rule.
 */
export class ValidationError extends HttpError {
  /** The field at fault (`title`, `limit`), or `body` for the body as a whole. */
  readonly field: string;

  constructor(status: 400 | 422, field: string, message: string) {
    super(status, message);
    this.name = 'ValidationError';
    this.field = field;
  }
}

/**
 * The status of an error and whether its message may be sent, as Express's finalhandler reads
 * them: not only HttpErrors carry a status, the body parsers' errors do too (malformed JSON is
 * JSON.parse's SyntaxError with `status: 400`, a corrupt gzip body zlib's error).
 */
function httpFields(error: unknown): { status: number; exposed: boolean } {
  if (error instanceof HttpError) return { status: error.status, exposed: error.expose };
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  if (error instanceof Error && typeof status === 'number' && status >= 400 && status <= 599) {
    return { status, exposed: expose === true };
  }
  return { status: 500, exposed: false };
}

/** Reports an error the client is not told about (a 5xx). */
export type ErrorLogger = (error: unknown, req: Request) => void;

/**
 * The app's last error middleware: an HttpError answers with its status (and its message,
 * unless it is a 5xx), anything else with 500. The stack is logged, never sent.
 */
export function errorHandler(log: ErrorLogger): ErrorHandler {
  return (error, req, res, next) => {
    // Once the head is on the wire a JSON error cannot follow; Skiff's final handler then
    // ends the connection, so the client sees a cut response rather than a wrong one.
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, exposed } = httpFields(error);
    if (status >= 500) log(error, req);
    const body: ErrorBody = {
      error: {
        status,
        message: exposed ? (error as Error).message : (STATUS_CODES[status] ?? 'Error'),
      },
    };
    if (error instanceof ValidationError) body.error.field = error.field;
    if (error instanceof HttpError) res.set(error.headers);
    res.status(status).json(body);
  };
}

/** After every route: a request nothing answered is a JSON 404 (Skiff's own is text/plain). */
export const notFound: RequestHandler = (req) => {
  throw new HttpError(404, `No route for ${req.method} ${req.path}`);
};

/** For a route's `.all()`, after its methods: 405 with the methods it does take in `Allow`. */
export function methodNotAllowed(...allowed: string[]): RequestHandler {
  const allow = allowed.join(', ');
  return (req) => {
    throw new HttpError(405, `${req.method} is not allowed here; use ${allow}`, {
      headers: { Allow: allow },
    });
  };
}
