import { statusText } from '@skiff/core';
import type { AppRequest } from './request.js';
import type { AppResponse } from './response.js';
import { pathnameOf } from './url.js';

/** What the final handler needs to know of the app. */
export interface FinalHandlerOptions {
  /** Put the stack trace of an error in the body. */
  dev: boolean;
  /** Told about every error that reaches the end of the stack with a 5xx status. */
  onError: (error: unknown, req: AppRequest) => void;
}

/** The status Express would answer an error with: its `status`/`statusCode` when 4xx/5xx, else the response's, else 500. */
export function errorStatus(error: unknown, res: { statusCode: number }): number {
  return ownErrorStatus(error) ?? (res.statusCode >= 400 && res.statusCode <= 599 ? res.statusCode : 500);
}

/** The status an error carries itself (`status`, else `statusCode`, from 400 to 599), or undefined. */
function ownErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  for (const candidate of [status, statusCode]) {
    if (
      typeof candidate === 'number' &&
      Number.isInteger(candidate) &&
      candidate >= 400 &&
      candidate <= 599
    ) {
      return candidate;
    }
  }
  return undefined;
}

function errorBody(error: unknown, status: number, dev: boolean): string {
  if (dev) return error instanceof Error ? (error.stack ?? String(error)) : String(error);
  if (typeof error === 'object' && error !== null) {
    const { expose, message } = error as { expose?: unknown; message?: unknown };
    if (expose === true && typeof message === 'string') return message;
  }
  return statusText(status) ?? String(status);
}

/**
 * Headers that describe a body: the error or 404 body replaces it, so they go. The rest
 * (CORS, Vary, cookies, the app's own) stay, as with Express's finalhandler.
 */
const CONTENT_HEADERS = [
  'Content-Type',
  'Content-Length',
  'Content-Encoding',
  'Content-Language',
  'Content-Range',
  'Content-Disposition',
  'Transfer-Encoding',
  'ETag',
  'Last-Modified',
] as const;

function respond(res: AppResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  for (const name of CONTENT_HEADERS) res.removeHeader(name);
  res.statusCode = status;
  res.statusMessage = undefined;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (body !== '') {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
  }
  res.end(body);
}

/**
 * Answers a request the stack did not: the pending error (its status; the message only
 * when the error exposes it, the stack only in dev), 405 with Allow when the path has
 * routes for other methods, an automatic OPTIONS answer, or 404 `Cannot GET /path`.
 */
export function finalHandler(
  req: AppRequest,
  res: AppResponse,
  error: unknown,
  options: FinalHandlerOptions,
): void {
  if (error !== undefined) {
    const status = errorStatus(error, res);
    if (status >= 500) options.onError(error, req);
    // writeHead() alone put nothing on the wire, so the error can still be answered.
    if (res.headersSent && !res.discardHead()) {
      // Part of the response is out: only closing the connection tells the client it is incomplete.
      if (!res.writableEnded) res.destroy();
      return;
    }
    // As Express's finalhandler: an error's headers count only when it carries its own status.
    const headers =
      ownErrorStatus(error) === undefined ? {} : errorHeaders((error as { headers?: unknown }).headers);
    respond(res, status, errorBody(error, status, options.dev), headers);
    return;
  }
  if (res.headersSent) {
    if (!res.writableEnded) {
      process.emitWarning(
        `The last handler for ${req.method} ${req.originalUrl} called next() after starting the response without ending it, so no handler is left to finish it and the connection was closed. End the response (res.end()) instead of calling next().`,
        'SkiffWarning',
      );
      res.destroy();
    }
    return;
  }
  const allowed = req.routeMethods;
  if (allowed instanceof Set && allowed.size > 0) {
    const allow = [...allowed].sort().join(', ');
    if (req.method === 'OPTIONS') respond(res, 204, '', { Allow: allow });
    else respond(res, 405, statusText(405) ?? 'Method Not Allowed', { Allow: allow });
    return;
  }
  respond(res, 404, `Cannot ${req.method} ${pathnameOf(req.originalUrl)}`);
}

/**
 * The headers an error asks for (`err.headers`, as http-errors sets them): strings and
 * numbers are sent (a numeric Retry-After is common); other values are skipped, not fatal.
 */
function errorHeaders(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return headers;
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry === 'string') headers[name] = entry;
    else if (typeof entry === 'number' && Number.isFinite(entry)) headers[name] = String(entry);
  }
  return headers;
}
