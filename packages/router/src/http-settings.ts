import type qsModule from 'qs';
import { compileEtag, type EtagOf, expressEtagFn, weakEtag } from './etag.js';
import { lazyRequire } from './lazy-require.js';
import { parseQuery } from './url.js';

/** An app's own query parser, as Express's `query parser` setting takes it: the query string (null when the URL has no `?`). */
export type QueryParserFunction = (query: string | null) => unknown;

/** JSON.stringify's replacer, as the `json replacer` setting takes it. */
export type JsonReplacer =
  | ((this: unknown, key: string, value: unknown) => unknown)
  | (number | string)[]
  | null;

/**
 * @internal The settings that send(), json(), jsonp() and the request's getters read, compiled
 * once when set (as Express keeps `etag fn` and `query parser fn`), so a request only reads fields.
 */
export interface HttpSettings {
  /** `etag`: how send() tags a body; undefined for none. */
  etag: EtagOf | undefined;
  /** `query parser`: how `req.query` is parsed; undefined when parsing is off. */
  queryParser: QueryParserFunction | undefined;
  /** `json replacer`. */
  jsonReplacer: JsonReplacer | undefined;
  /** `json spaces`. */
  jsonSpaces: string | number | undefined;
  /** `json escape`: `<`, `>` and `&` written as `\u003c`… so JSON is safe inside HTML. */
  jsonEscape: boolean;
  /** `jsonp callback name`: the query parameter that names a JSONP callback. */
  jsonpCallbackName: string;
  /** `subdomain offset`: how many dot-separated parts of the host name are the app's domain. */
  subdomainOffset: number;
}

/** Express 5's simple parser (node:querystring's results); null is no query at all. */
const simpleQuery: QueryParserFunction = (query) => parseQuery(query ?? '');

const qs = lazyRequire<typeof qsModule>('qs');

/** Express 5's 'extended' parser: qs, with the options Express gives it. */
const extendedQuery: QueryParserFunction = (query) => qs().parse(query ?? '', { allowPrototypes: true });

/** Express 5's defaults. */
export function defaultHttpSettings(): HttpSettings {
  return {
    etag: weakEtag,
    queryParser: simpleQuery,
    jsonReplacer: undefined,
    jsonSpaces: undefined,
    jsonEscape: false,
    jsonpCallbackName: 'callback',
    subdomainOffset: 2,
  };
}

/** @internal The defaults, for a request or response used outside an app (unit tests). */
export const DEFAULT_HTTP_SETTINGS: Readonly<HttpSettings> = defaultHttpSettings();

/** The values Express's `app.set()` stores for these settings at start, by Express's names. */
export const HTTP_SETTING_DEFAULTS: ReadonlyArray<readonly [string, unknown]> = [
  ['etag', 'weak'],
  ['query parser', 'simple'],
  ['subdomain offset', 2],
  ['jsonp callback name', 'callback'],
];

/** The derived values Express stores next to those defaults. */
export const HTTP_SETTING_DERIVED: ReadonlyArray<readonly [string, unknown]> = [
  ['etag fn', expressEtagFn(weakEtag)],
  ['query parser fn', simpleQuery],
];

/** Express's names of the settings compiled here. */
export const HTTP_SETTING_NAMES: readonly string[] = [
  'etag',
  'query parser',
  'json replacer',
  'json spaces',
  'json escape',
  'jsonp callback name',
  'subdomain offset',
];

/**
 * Compiles one of these settings into `settings` when `name` is one of them, as Express's
 * `app.set()` does (an unknown `etag` or `query parser` value throws, before anything changes).
 * Returns the derived settings Express also stores (`etag fn`, `query parser fn`).
 */
export function applyHttpSetting(
  settings: HttpSettings,
  name: string,
  value: unknown,
): Record<string, unknown> {
  switch (name) {
    case 'etag': {
      const etag = compileEtag(value);
      settings.etag = etag;
      // The app's own function is stored as given, as in Express.
      return { 'etag fn': typeof value === 'function' ? value : etag && expressEtagFn(etag) };
    }
    case 'query parser': {
      const parser = compileQueryParser(value);
      settings.queryParser = parser;
      return { 'query parser fn': parser };
    }
    case 'json replacer':
      settings.jsonReplacer = (value ?? undefined) as JsonReplacer | undefined;
      return {};
    case 'json spaces':
      settings.jsonSpaces = (value ?? undefined) as string | number | undefined;
      return {};
    case 'json escape':
      settings.jsonEscape = Boolean(value);
      return {};
    case 'jsonp callback name':
      settings.jsonpCallbackName = String(value);
      return {};
    case 'subdomain offset':
      settings.subdomainOffset = Number(value);
      return {};
    default:
      return {};
  }
}

/** Express's compileQueryParser: true or 'simple', 'extended', false, or the app's function. */
function compileQueryParser(value: unknown): QueryParserFunction | undefined {
  if (typeof value === 'function') return value as QueryParserFunction;
  switch (value) {
    case true:
    case 'simple':
      return simpleQuery;
    case 'extended':
      return extendedQuery;
    case false:
      return undefined;
    default:
      throw new TypeError(`unknown value for query parser function: ${String(value)}`);
  }
}
