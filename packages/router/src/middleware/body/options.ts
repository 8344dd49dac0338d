import { parseBytes } from '../../bytes.js';
import { matchType } from '../../media-type.js';
import type { AppRequest } from '../../request.js';
import type { AppResponse } from '../../response.js';

/** Options shared by the body parsers. */
export interface BodyParserOptions {
  /** Largest body read, after inflation: bytes, or a string like `'100kb'`; larger → 413. Default `'100kb'`. */
  limit?: number | string;
  /** Content types to parse (`'json'`, `'application/*+json'`, a list), or a test; others are passed over. */
  type?: string | readonly string[] | ((req: AppRequest) => boolean);
  /** Inflate gzip, deflate and br bodies (default true); false answers a compressed body with 415. */
  inflate?: boolean;
  /**
   * Called with the raw (inflated) body before it is parsed, and its charset (null for `raw`);
   * a throw answers 403 (or the thrown error's own status), `type` 'entity.verify.failed'.
   */
  verify?(req: AppRequest, res: AppResponse, body: Buffer, encoding: string | null): void;
}

/** Options of `json()`. */
export interface JsonOptions extends BodyParserOptions {
  /** Only objects and arrays at the top level (default true), as Express. */
  strict?: boolean;
  /** Passed to JSON.parse. */
  reviver?: (key: string, value: unknown) => unknown;
  /** Charset when the Content-Type names none. Default `'utf-8'`; only `utf-*` charsets are taken. */
  defaultCharset?: string;
}

/** Options of `text()`. */
export interface TextOptions extends BodyParserOptions {
  /** Charset when the Content-Type names none. Default `'utf-8'`. */
  defaultCharset?: string;
}

/** Options of `urlencoded()`. */
export interface UrlencodedOptions extends BodyParserOptions {
  /** Nested keys (`a[b]=1`, `a[]=1`) as qs reads them; default false (flat keys, repeated keys → arrays). */
  extended?: boolean;
  /** Most fields accepted; more → 413. Default 1000. */
  parameterLimit?: number;
  /** Deepest nesting in extended mode (default 32); deeper → 400. */
  depth?: number;
  /** Charset when the Content-Type names none: `'utf-8'` (default) or `'iso-8859-1'`. */
  defaultCharset?: string;
  /** Take the charset from a `utf8=✓` field, as qs does (default false). */
  charsetSentinel?: boolean;
  /** Decode `&#9786;` entities in ISO-8859-1 forms, as qs does (default false). */
  interpretNumericEntities?: boolean;
}

/** The options every parser reads, checked and with their defaults. */
export interface ReadSettings {
  readonly limit: number;
  readonly inflate: boolean;
  readonly verify: BodyParserOptions['verify'] | undefined;
  readonly defaultCharset: string;
  readonly matches: (req: AppRequest) => boolean;
}

const DEFAULT_LIMIT = '100kb';

function typeTest(type: BodyParserOptions['type'], fallback: string): (req: AppRequest) => boolean {
  if (typeof type === 'function') return type;
  const types: readonly string[] = type === undefined ? [fallback] : typeof type === 'string' ? [type] : type;
  return (req) => matchType(req.headers['content-type'], types) !== false;
}

/** Checks the shared options once, when the parser is made, as body-parser does. */
export function readSettings(
  name: string,
  options: BodyParserOptions & { defaultCharset?: string },
  fallbackType: string,
): ReadSettings {
  if (options.verify !== undefined && typeof options.verify !== 'function') {
    throw new TypeError(`${name}({ verify }) must be a function`);
  }
  return {
    limit: parseBytes(options.limit ?? DEFAULT_LIMIT, `${name}({ limit })`),
    inflate: options.inflate !== false,
    verify: options.verify,
    defaultCharset: options.defaultCharset || 'utf-8',
    matches: typeTest(options.type, fallbackType),
  };
}
