import type { Links } from './links.js';
import type { Params } from './params.js';
import { compilePath, compileRegExp, type PathMatcher, type RoutePath } from './paths.js';
import { staticSegmentsOf } from './route-index.js';
import type { ErrorHandler, RequestHandler } from './types.js';

/** What a layer's path matched: the decoded params and the part of the path it covers. */
export interface LayerMatch {
  params: Params;
  /** The matched prefix as it appears in the URL (empty for a layer mounted at `/`). */
  path: string;
}

/** What a layer runs when it matches: a handler, an error handler, a route, a mounted router or app. */
export type LayerTarget =
  | { kind: 'handler'; handle: RequestHandler }
  | { kind: 'error'; handle: ErrorHandler }
  | { kind: 'route'; route: Links['Route'] }
  | { kind: 'router'; router: Links['Router'] }
  | { kind: 'app'; app: Links['App'] };

/** One handler of a route, for one method (or for every method when `method` is undefined). */
export interface RouteLayer {
  /** The method, lower-case as in Express's `route.stack` (`'get'`); undefined for `all()`. */
  readonly method: string | undefined;
  /** @internal The method as requests carry it (`'GET'`), compared without case conversion. */
  readonly token: string | undefined;
  /** The handler's name, or `<anonymous>`, as Express's layers. */
  readonly name: string;
  readonly handle: RequestHandler | ErrorHandler;
  readonly isErrorHandler: boolean;
  /** `GET /users/:id`, for messages. */
  readonly label: string;
}

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
  /** The path as registered (an array flattened). */
  readonly path: string | RegExp | readonly (string | RegExp)[];
  /** The path as text, for messages. */
  readonly label: string;
  readonly target: LayerTarget;
  /** The literal leading segments every path this layer matches starts with (see RouteIndex); empty when any may match. */
  readonly staticSegments: readonly string[];
  /** Undefined for a layer at `/` without `end`: it matches every path and removes nothing. */
  readonly #matcher: PathMatcher | undefined;

  constructor(path: RoutePath, target: LayerTarget, options: LayerOptions) {
    const end = target.kind === 'route';
    // As Express 5's router: strict routing applies to routes; middleware paths always drop a trailing slash.
    const compileOptions = { end, caseSensitive: options.caseSensitive, strict: end && options.strict };
    this.target = target;
    if (isPathArray(path)) {
      const paths = (path as readonly unknown[]).flat(Number.POSITIVE_INFINITY) as (string | RegExp)[];
      this.path = paths;
      this.label = paths.map(String).join(',');
      this.#matcher = firstOf(paths.map((each) => compileOne(each, compileOptions)));
      this.staticSegments = [];
      return;
    }
    this.path = path;
    this.label = String(path);
    this.#matcher = !end && (path === '/' || path === '') ? undefined : compileOne(path, compileOptions);
    this.staticSegments =
      this.#matcher === undefined || typeof path !== 'string'
        ? []
        : staticSegmentsOf(path, options.caseSensitive);
  }

  /** The params and matched part of `pathname`, or undefined. Throws an HttpError 400 on a malformed %-escape. */
  match(pathname: string): LayerMatch | undefined {
    if (this.#matcher === undefined) return { params: {}, path: '' };
    // path-to-regexp's result already has the shape of a LayerMatch: handed on as it is.
    const found = this.#matcher(pathname);
    return found === false ? undefined : found;
  }
}

/** One matcher for an array of paths: the first that matches, in order, as Express's router 2. */
function firstOf(matchers: readonly PathMatcher[]): PathMatcher {
  return (pathname) => {
    for (const matcher of matchers) {
      const found = matcher(pathname);
      if (found !== false) return found;
    }
    return false;
  };
}

function isPathArray(path: RoutePath): path is readonly RoutePath[] {
  return Array.isArray(path);
}

function compileOne(
  path: string | RegExp,
  options: { end: boolean; caseSensitive: boolean; strict: boolean },
): PathMatcher {
  return path instanceof RegExp ? compileRegExp(path, options.end) : compilePath(path, options);
}
