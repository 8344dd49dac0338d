import { isAbsolute } from 'node:path';
import type { Readable } from 'node:stream';
import type { HeaderValue, Response } from '@skiff/core';
import type sendModule from 'send';
import { lazyRequire } from './lazy-require.js';

const send = lazyRequire<typeof sendModule>('send');

/** Options of `res.sendFile()` and `res.download()`, as Express's (the `send` package reads them). */
export interface SendFileOptions {
  /** Directory a relative path is resolved in; the file must stay inside it. */
  root?: string;
  /** Headers to set when the file is found (they win over the ones sendFile would set). */
  headers?: Record<string, HeaderValue>;
  /** Cache-Control max-age: milliseconds, or a string such as `'1d'` (default 0, at most a year). */
  maxAge?: number | string;
  /** Add `immutable` to Cache-Control (default false). */
  immutable?: boolean;
  /** Send Last-Modified (default true). */
  lastModified?: boolean;
  /** Send an ETag (default: the app's `etag` setting, which is on unless set false). */
  etag?: boolean;
  /** Answer Range requests and send `Accept-Ranges: bytes` (default true). */
  acceptRanges?: boolean;
  /** Send Cache-Control (default true). */
  cacheControl?: boolean;
  /** A path with a segment starting with a dot: `'ignore'` (404, the default), `'deny'` (403) or `'allow'`. */
  dotfiles?: 'allow' | 'deny' | 'ignore';
}

/**
 * Throws, as Express does, for a call that can never send a file: no path, or a relative
 * path without `root`. Everything else (`..`, NUL, dotfiles) is refused by `send` from the
 * string alone, before the file system is touched.
 */
export function assertSendablePath(path: unknown, options: SendFileOptions): asserts path is string {
  if (!path) throw new TypeError('res.sendFile() needs a path: res.sendFile(path, [options], [callback])');
  if (typeof path !== 'string') throw new TypeError(`res.sendFile() needs a path string, not ${typeof path}`);
  if (!options.root && !isAbsolute(path)) {
    throw new TypeError(
      `res.sendFile(${JSON.stringify(path)}): the path must be absolute, or pass { root } to resolve it in`,
    );
  }
}

/** The error Express's sendFile reports when the client left before the file was sent. */
function abortedError(): Error {
  return Object.assign(new Error('Request aborted'), { code: 'ECONNABORTED' });
}

/** The error Express's sendFile reports for a directory (its caller then calls `next()`). */
function directoryError(): Error {
  return Object.assign(new Error('EISDIR, read'), { code: 'EISDIR' });
}

/**
 * Sends a file with the `send` package, as Express 5's `res.sendFile`: ETag, Last-Modified,
 * 304 and 412 on conditional requests, Range and If-Range, HEAD. Resolves once the file was
 * sent; rejects with send's HttpError (400 NUL, 403 `..`, 404 missing, 412, 416, ...), an
 * `EISDIR` error for a directory, `ECONNABORTED` when the client left, or a read error.
 * `etag` is the value for an `etag` option left unset.
 */
export function sendFile(
  res: Response,
  path: string,
  options: SendFileOptions,
  etag: boolean,
): Promise<void> {
  // As Express: the path is a file path, and send takes a URL path; encodeURI keeps a `%` in a name literal.
  const file = send()(res.req as unknown as Readable, encodeURI(path), {
    ...options,
    etag: options.etag ?? etag,
  });
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    // undefined until send found the file; true while its bytes are streamed.
    let streaming: boolean | undefined;
    const settle = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      res.off('finish', onResponseDone);
      res.off('close', onResponseDone);
      if (error === undefined) resolve();
      else reject(error);
    };
    // Ends with the response: sent whole (HEAD, 304, the last byte), or cut off when the client left.
    const onResponseDone = (): void => {
      res.off('finish', onResponseDone);
      res.off('close', onResponseDone);
      // A tick later, as Express: the file stream's 'end' or 'error' comes first when it has one.
      setImmediate(() => settle(streaming === false ? undefined : abortedError()));
    };
    file.on('directory', () => settle(directoryError()));
    file.on('end', () => settle());
    file.on('error', (error: unknown) => settle(error));
    file.on('file', () => {
      streaming = false;
    });
    file.on('stream', () => {
      streaming = true;
    });
    const headers = options.headers;
    if (headers !== undefined) {
      // Set once the file is found, so that an error response does not carry them.
      file.on('headers', () => {
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      });
    }
    res.once('finish', onResponseDone);
    res.once('close', onResponseDone);
    file.pipe(res as unknown as NodeJS.WritableStream);
    // The client left before the file was asked for: its 'close' has been and gone.
    if (res.closed) onResponseDone();
  });
}
