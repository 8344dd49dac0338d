import { HttpError } from '@skiff/core';
import { parseBytes } from '../bytes.js';
import { matchType, mediaTypeParameter } from '../media-type.js';
import { type AppRequest, declaresBody } from '../request.js';
import type { NextFunction, RequestHandler } from '../types.js';
import { parseQuery } from '../url.js';

/** Options shared by the body parsers. */
export interface BodyParserOptions {
  /** Largest body read: bytes, or a string like `'100kb'`; larger → 413. Default `'100kb'`. */
  limit?: number | string;
  /** Content types to parse (`'json'`, `'application/*+json'`, a list), or a test; others are passed over. */
  type?: string | readonly string[] | ((req: AppRequest) => boolean);
}

/** Options of `json()`. */
export interface JsonOptions extends BodyParserOptions {
  /** Only objects and arrays at the top level (default true), as Express. */
  strict?: boolean;
  /** Passed to JSON.parse. */
  reviver?: (key: string, value: unknown) => unknown;
}

/** Options of `text()`. */
export interface TextOptions extends BodyParserOptions {
  /** Charset when the Content-Type names none. Default `'utf-8'`. */
  defaultCharset?: string;
}

/** Options of `urlencoded()`. */
export interface UrlencodedOptions extends BodyParserOptions {
  /** Most fields accepted; more → 413. Default 1000. */
  parameterLimit?: number;
}

const DEFAULT_LIMIT = '100kb';

/** Marks requests whose body was already read by a parser, so that a second parser passes. */
const parsed = new WeakSet<object>();

function typeTest(type: BodyParserOptions['type'], fallback: string): (req: AppRequest) => boolean {
  if (typeof type === 'function') return type;
  const types: readonly string[] = type === undefined ? [fallback] : typeof type === 'string' ? [type] : type;
  return (req) => matchType(req.headers['content-type'], types) !== false;
}

function charsetOf(req: AppRequest, fallback: string): string {
  const contentType = req.headers['content-type'];
  return (contentType === undefined ? undefined : mediaTypeParameter(contentType, 'charset')) ?? fallback;
}

/**
 * An error of body-parser's kind: `type` ('entity.parse.failed', 'entity.too.large', ...) and
 * the fields it sets, so error handlers written for Express tell the cases apart the same way.
 */
function parserError(error: HttpError, type: string, fields: Record<string, unknown> = {}): HttpError {
  return Object.assign(error, { type }, fields);
}

function decode(buffer: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(buffer);
  } catch (error) {
    throw parserError(
      new HttpError(415, `Unsupported charset "${charset}" in the Content-Type`, { cause: error }),
      'charset.unsupported',
      { charset },
    );
  }
}

/** The declared body length, as body-parser reports it in `expected`. */
function contentLength(req: AppRequest): number | undefined {
  const declared = req.headers['content-length'];
  return declared === undefined ? undefined : Number(declared);
}

/**
 * The common part of the parsers: skip requests without a body, of another type, or
 * already parsed; refuse compressed bodies; read up to the limit; parse; next().
 */
function bodyParser(
  name: string,
  options: BodyParserOptions,
  fallbackType: string,
  parse: (buffer: Buffer, req: AppRequest) => unknown,
): RequestHandler {
  const limit = parseBytes(options.limit ?? DEFAULT_LIMIT, `${name}({ limit })`);
  const matches = typeTest(options.type, fallbackType);
  const read = async (req: AppRequest, next: NextFunction): Promise<void> => {
    parsed.add(req);
    const coding = req.headers['content-encoding']?.trim().toLowerCase() ?? 'identity';
    if (coding !== 'identity') {
      throw parserError(
        new HttpError(
          415,
          `Unsupported Content-Encoding "${coding}" for the request body; send it uncompressed`,
        ),
        'encoding.unsupported',
        { encoding: coding },
      );
    }
    let buffer: Buffer;
    try {
      buffer = await req.readBody(limit);
    } catch (error) {
      if (error instanceof HttpError && error.status === 413) {
        throw parserError(error, 'entity.too.large', { limit, expected: contentLength(req) });
      }
      if ((error as NodeJS.ErrnoException | null)?.code === 'ECONNRESET') {
        throw parserError(new HttpError(400, 'The request was aborted', { cause: error }), 'request.aborted');
      }
      throw error;
    }
    req.body = parse(buffer, req);
    next();
  };
  // Not async itself: a request it passes over (most GETs) costs no promise.
  const parser: RequestHandler = (req, _res, next) => {
    if (!declaresBody(req) || parsed.has(req) || !matches(req)) {
      next();
      return;
    }
    return read(req, next);
  };
  Object.defineProperty(parser, 'name', { value: `${name}Parser` });
  return parser;
}

/** Parses `application/json` bodies into `req.body`; malformed JSON → 400. */
export function json(options: JsonOptions = {}): RequestHandler {
  const strict = options.strict ?? true;
  return bodyParser('json', options, 'application/json', (buffer, req) => {
    const charset = charsetOf(req, 'utf-8');
    if (charset !== 'utf-8' && charset !== 'utf8') {
      throw parserError(
        new HttpError(415, `Unsupported charset "${charset}" for JSON; send UTF-8`),
        'charset.unsupported',
        { charset },
      );
    }
    const decoded = buffer.toString('utf8');
    // As Express (its decoder drops it): a UTF-8 byte order mark is not part of the JSON.
    const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
    // As Express: an empty body is {}; whitespace alone is malformed (in strict mode).
    if (text.length === 0) return {};
    const first = text.trimStart()[0];
    if (strict && first !== '{' && first !== '[') {
      throw parserError(
        new HttpError(
          400,
          `Malformed JSON body: expected an object or an array at the top level, got ${JSON.stringify(text.slice(0, 20))}`,
        ),
        'entity.parse.failed',
        { body: text },
      );
    }
    try {
      return JSON.parse(text, options.reviver);
    } catch (error) {
      throw parserError(
        new HttpError(400, `Malformed JSON body: ${(error as Error).message}`, { cause: error }),
        'entity.parse.failed',
        { body: text },
      );
    }
  });
}

/** Reads `text/plain` bodies into `req.body` as a string, in the charset of the Content-Type. */
export function text(options: TextOptions = {}): RequestHandler {
  const fallback = options.defaultCharset ?? 'utf-8';
  return bodyParser('text', options, 'text/plain', (buffer, req) => decode(buffer, charsetOf(req, fallback)));
}

/** Reads `application/octet-stream` bodies into `req.body` as a Buffer. */
export function raw(options: BodyParserOptions = {}): RequestHandler {
  return bodyParser('raw', options, 'application/octet-stream', (buffer) => buffer);
}

/** Parses `application/x-www-form-urlencoded` bodies into `req.body` (repeated keys → arrays; no nesting). */
export function urlencoded(options: UrlencodedOptions = {}): RequestHandler {
  const parameterLimit = options.parameterLimit ?? 1000;
  return bodyParser('urlencoded', options, 'application/x-www-form-urlencoded', (buffer, req) => {
    const source = decode(buffer, charsetOf(req, 'utf-8'));
    let count = source === '' ? 0 : 1;
    for (let index = source.indexOf('&'); index !== -1; index = source.indexOf('&', index + 1)) count += 1;
    if (count > parameterLimit) {
      throw parserError(
        new HttpError(413, `Too many form fields: more than the limit of ${parameterLimit}`),
        'parameters.too.many',
      );
    }
    return parseQuery(source, parameterLimit);
  });
}
