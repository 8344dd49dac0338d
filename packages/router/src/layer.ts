import type { Params } from './params.js';
import { compilePath, type PathMatcher } from './paths.js';
import type { Route } from './route.js';
import type { Router } from './router.js';
import type { ErrorHandler, RequestHandler } from './types.js';

/** What a layer's path matched: the decoded params and the part of the path it covers. */
export interface LayerMatch {
  params: Params;
  /** The matched prefix as it appears in the URL (empty for a layer mounted at `/`). */
  path: string;
}

/** What a layer runs when it matches: a handler, an error handler, a route or a mounted router. */
export type LayerTarget =
  | { kind: 'handler'; handle: RequestHandler }
  | { kind: 'error'; handle: ErrorHandler }
  | { kind: 'route'; route: Route }
  | { kind: 'router'; router: Router };

/** Settings a layer's path is compiled with. */
export interface LayerOptions {
  caseSensitive: boolean;
  strict: boolean;
}

/**
 * One entry of a router's stack: a path matcher compiled once, and what to run. `match()`
 * returns what it found and keeps nothing, so one layer serves any number of requests at once.
 */
export class Layer {
  /** The path as registered, for messages. */
  readonly path: string;
  readonly target: LayerTarget;
  /** Undefined for a layer at `/` without `end`: it matches every path and removes nothing. */
  readonly #matcher: PathMatcher | undefined;

  constructor(path: string, target: LayerTarget, options: LayerOptions) {
    this.path = path;
    this.target = target;
    const end = target.kind === 'route';
    this.#matcher =
      !end && (path === '/' || path === '') ? undefined : compilePath(path, { end, ...options });
  }

  /** The params and matched part of `pathname`, or undefined. Throws an HttpError 400 on a malformed %-escape. */
  match(pathname: string): LayerMatch | undefined {
    if (this.#matcher === undefined) return { params: {}, path: '' };
    // path-to-regexp's result already has the shape of a LayerMatch: handed on as it is.
    const found = this.#matcher(pathname);
    return found === false ? undefined : found;
  }
}
