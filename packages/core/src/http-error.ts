import { statusText } from './status-codes.js';

/** Options of an HttpError. */
export interface HttpErrorOptions {
  /** Send the message to the client; defaults to true for 4xx and false for 5xx. */
  expose?: boolean;
  /** Headers to set on the error response (e.g. `Allow`, `Retry-After`). */
  headers?: Record<string, string>;
  /** The error that caused this one. */
  cause?: unknown;
}

/** An error that carries the HTTP status it should be answered with. */
export class HttpError extends Error {
  /** The status to answer with (400 to 599). */
  readonly status: number;
  /** Whether the message may be sent to the client as the body. */
  readonly expose: boolean;
  /** Headers to set on the error response. */
  readonly headers: Record<string, string>;

  constructor(status: number, message?: string, options: HttpErrorOptions = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be an integer from 400 to 599, got ${status}`);
    }
    super(
      message ?? statusText(status) ?? `HTTP ${status}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'HttpError';
    this.status = status;
    this.expose = options.expose ?? status < 500;
    this.headers = options.headers ?? {};
  }

  /** Same as `status`, for code written against Express's http-errors. */
  get statusCode(): number {
    return this.status;
  }
}
