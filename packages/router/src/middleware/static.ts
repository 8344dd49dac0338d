import type { Stats } from 'node:fs';
import type serveStaticModule from 'serve-static';
import { lazyRequire } from '../lazy-require.js';
import type { AppResponse } from '../response.js';
import type { RequestHandler } from '../types.js';

/** Options of `serveStatic()`, as Express's `express.static` (serve-static 2). */
export interface StaticOptions {
  /** Answer Range requests and send `Accept-Ranges: bytes` (default true). */
  acceptRanges?: boolean;
  /** Send Cache-Control (default true). */
  cacheControl?: boolean;
  /** A path with a segment starting with a dot: `'ignore'` (404, the default), `'deny'` (403) or `'allow'`. */
  dotfiles?: 'allow' | 'deny' | 'ignore';
  /** Send an ETag (default true). */
  etag?: boolean;
  /** Extensions to try when the file is not found, such as `['html']` (default none). */
  extensions?: string[] | false;
  /** A miss, or a method other than GET and HEAD, goes to `next()` (default true); false: 404 to `next(err)`, 405 for other methods. */
  fallthrough?: boolean;
  /** Add `immutable` to Cache-Control (default false). */
  immutable?: boolean;
  /** The file to serve for a directory (default `'index.html'`); false for none. */
  index?: string | string[] | false;
  /** Send Last-Modified (default true). */
  lastModified?: boolean;
  /** Cache-Control max-age: milliseconds, or a string such as `'1d'` (default 0, at most a year). */
  maxAge?: number | string;
  /** Redirect a directory to its path with a trailing slash (default true); false: 404. */
  redirect?: boolean;
  /** Called with the response, the file's path and its stats, to set headers of your own. */
  setHeaders?: (res: AppResponse, path: string, stat: Stats) => void;
}

const serveStaticFiles = lazyRequire<typeof serveStaticModule>('serve-static');

type ServeStaticOptions = NonNullable<Parameters<typeof serveStaticModule>[1]>;

/**
 * Serves the files under `root` for GET and HEAD: Express's `express.static`, the same
 * serve-static package (ETag, 304, Range, index files, the directory redirect), so every
 * response is byte for byte Express's.
 */
export function serveStatic(root: string, options: StaticOptions = {}): RequestHandler {
  // serve-static is typed for node:http; it uses only what Skiff's request and response also have.
  return serveStaticFiles()(root, options as ServeStaticOptions) as unknown as RequestHandler;
}
