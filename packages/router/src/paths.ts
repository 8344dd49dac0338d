import { HttpError } from '@skiff/core';
import { match, PathError } from 'path-to-regexp';
import type { Params } from './params.js';

/** A path as routes and middleware take it: a path-to-regexp string, a RegExp, or an array of them. */
export type RoutePath = string | RegExp | readonly RoutePath[];

/** How a path is matched: the router's settings and whether the path must match whole. */
export interface PathOptions {
  /** Match the whole path (routes) or a prefix at a segment boundary (middleware, routers). */
  end: boolean;
  /** `/Users` and `/users` are different paths. */
  caseSensitive: boolean;
  /** `/users/` and `/users` are different paths. */
  strict: boolean;
}

/** A compiled path: returns the decoded params and the matched part, or false. */
export type PathMatcher = (pathname: string) => { params: Params; path: string } | false;

/** Decodes one parameter; a malformed %-escape is the client's fault, so it is a 400, not a 500. */
function decodeParam(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch (error) {
    throw new HttpError(400, `Malformed percent-encoding in the path parameter ${JSON.stringify(value)}`, {
      cause: error,
    });
  }
}

/**
 * Express 4 path forms that path-to-regexp v8 refuses, each with the v8 form to use.
 * Checked only when parsing failed, so a valid path pays nothing.
 */
const express4Forms: readonly { pattern: RegExp; fix: (path: string) => string }[] = [
  {
    // `:id?` → `{/:id}`
    pattern: /:[\w$]+\?/,
    fix: (path) =>
      `use \`${path.replace(/\/?:([\w$]+)\?/g, (whole, name: string) => (whole.startsWith('/') ? `{/:${name}}` : `{:${name}}`))}\`: an optional parameter is written \`{/:id}\` in path-to-regexp v8`,
  },
  {
    // `:path*` / `:path+` → `/*path`
    pattern: /:[\w$]+[*+]/,
    fix: (path) =>
      `use \`${path.replace(/:([\w$]+)[*+]/g, '*$1')}\`: a parameter spanning segments is written \`/*name\` (an array of segments) in path-to-regexp v8`,
  },
  {
    // `*`, `/*`, `/files/*` → `/*splat`
    pattern: /\*(?![\w$"])/,
    fix: (path) => {
      const fixed = path === '*' ? '/*splat' : path.replace(/\*(?![\w$"])/g, '*splat');
      return `use \`${fixed}\` (or \`${fixed.replace(/\/\*splat$/, '/{*splat}')}\` to match the root too): a wildcard must have a name in path-to-regexp v8, and the value is an array of segments`;
    },
  },
  {
    // `/:id(\\d+)`, `/(\\d+)` → no regexp groups
    pattern: /\(/,
    fix: (path) =>
      `use \`${path.replace(/\([^)]*\)/g, '').replace(/\/(?=\/|$)/g, '/:param')}\` and check the value in the handler (call next('route') when it does not fit): path-to-regexp v8 has no regular expressions in paths; a literal parenthesis is written \`\\\\(\``,
  },
];

const TRAILING_SLASHES = /\/+$/;

/** Compiles a path once, at registration. Throws a TypeError that names the fix for a path it cannot use. */
export function compilePath(path: string, options: PathOptions): PathMatcher {
  if (typeof path !== 'string') {
    throw new TypeError(`A route path must be a string like '/users/:id', got ${describe(path)}`);
  }
  // As Express 5's router: unless routing is strict, a registered trailing slash is dropped, so
  // `get('/dir/')` answers `/dir` too (and `/dir/`, through path-to-regexp's `trailing`).
  const pattern = options.strict || path === '/' ? path : path.replace(TRAILING_SLASHES, '') || '/';
  try {
    return match<Params>(pattern, {
      end: options.end,
      sensitive: options.caseSensitive,
      trailing: !options.strict,
      decode: decodeParam,
    });
  } catch (error) {
    if (!(error instanceof PathError)) throw error;
    const form = express4Forms.find((candidate) => candidate.pattern.test(path));
    const hint = form
      ? form.fix(path)
      : 'see https://github.com/pillarjs/path-to-regexp#errors for the v8 syntax';
    throw new TypeError(`Invalid route path ${JSON.stringify(path)}: ${hint}. (${error.message})`, {
      cause: error,
    });
  }
}

/**
 * Capture groups of a RegExp path, as Express's router 2 finds them in its source: a named
 * group gives its name, any other capturing group the next number (`0`, `1`, …).
 */
const CAPTURING_GROUP = /\((?:\?<(.*?)>)?(?!\?)/g;

/**
 * Compiles a RegExp path (`/^\/a(\d+)$/`), used as written: case and strictness settings do
 * not apply. Groups that took part become params, decoded; the whole match is the matched
 * part. A middleware's match (`end` false) must be a prefix of the path ending at a segment
 * boundary, or the layer does not match, as in Express.
 */
export function compileRegExp(pattern: RegExp, end: boolean): PathMatcher {
  const names: (string | number)[] = [];
  let position = 0;
  for (const group of pattern.source.matchAll(CAPTURING_GROUP)) names.push(group[1] || position++);
  return (pathname) => {
    const found = pattern.exec(pathname);
    if (found === null) return false;
    const matched = found[0];
    if (!end && matched !== '') {
      const boundary =
        pathname.length === matched.length || pathname.charCodeAt(matched.length) === 47; /* / */
      if (!boundary || !pathname.startsWith(matched)) return false;
    }
    const params: Params = {};
    for (let index = 1; index < found.length; index++) {
      const value = found[index];
      if (value !== undefined) params[String(names[index - 1])] = value === '' ? value : decodeParam(value);
    }
    return { params, path: matched };
  };
}

/** A short description of a value for error messages: its type, and the value when it is short. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `a function of ${value.length} parameters`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'no prototype'})`;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return `${typeof value} ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`;
}
