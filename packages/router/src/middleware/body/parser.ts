import { mediaTypeParameter } from '../../media-type.js';
import type { NextFunction } from '../../next.js';
import { type AppRequest, declaresBody } from '../../request.js';
import type { AppResponse } from '../../response.js';
import type { RequestHandler } from '../../types.js';
import { type Decode, decoderFor, unsupportedCharset } from './charset.js';
import { adoptError } from './errors.js';
import { inflater } from './inflate.js';
import type { ReadSettings } from './options.js';
import { readBody } from './read.js';

/** What makes one parser (json, text, ...) different from the others. */
export interface ParserKind<Body> {
  /** `json`, `text`, ...: names the middleware function (`jsonParser`). */
  readonly name: string;
  /** Whether the body is text: its charset is looked up and it is decoded before `parse`. */
  readonly decodes: boolean;
  /** Charsets the parser takes (JSON: `utf-*`, forms: UTF-8 and ISO-8859-1); others → 415. */
  readonly acceptsCharset?: (charset: string) => boolean;
  /** The value of `req.body`; a throw answers 400 (or the error's own status). */
  readonly parse: (body: Body, charset: string | null) => unknown;
}

/** Marks requests whose body was already read by a parser, so that a second parser passes. */
const parsed = new WeakSet<object>();

function charsetOf(req: AppRequest): string | undefined {
  const contentType = req.headers['content-type'];
  return (contentType === undefined ? undefined : mediaTypeParameter(contentType, 'charset')) || undefined;
}

function errorType(error: unknown, fallback: string): string {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type !== '' ? type : fallback;
}

/**
 * The common part of the parsers, in body-parser's order: skip requests without a body, of
 * another type, or already parsed; check the charset (415); pick the inflater for the
 * Content-Encoding (415); read up to the limit (413); verify (403); decode and parse (400).
 */
export function bodyParser(kind: ParserKind<string>, settings: ReadSettings): RequestHandler;
export function bodyParser(kind: ParserKind<Buffer>, settings: ReadSettings): RequestHandler;
export function bodyParser(
  kind: ParserKind<string> | ParserKind<Buffer>,
  settings: ReadSettings,
): RequestHandler {
  const read = async (req: AppRequest, res: AppResponse, next: NextFunction): Promise<void> => {
    parsed.add(req);
    let charset: string | null = null;
    let decode: Decode | undefined;
    if (kind.decodes) {
      charset = charsetOf(req) ?? settings.defaultCharset;
      if (kind.acceptsCharset !== undefined && !kind.acceptsCharset(charset))
        throw unsupportedCharset(charset);
      decode = await decoderFor(charset);
    }
    // As body-parser: lower-cased, and no coding at all is `identity`.
    const coding = (req.headers['content-encoding'] || 'identity').toLowerCase();
    const body = await readBody(req, inflater(coding, settings.inflate), settings.limit);
    if (settings.verify !== undefined) {
      try {
        settings.verify(req, res, body, charset);
      } catch (error) {
        throw adoptError(error, 403, { body, type: errorType(error, 'entity.verify.failed') });
      }
    }
    let value: string | Buffer = body;
    try {
      value = decode === undefined ? body : decode(body);
      req.body = await (kind.parse as (body: string | Buffer, charset: string | null) => unknown)(
        value,
        charset,
      );
    } catch (error) {
      throw adoptError(error, 400, { body: value, type: errorType(error, 'entity.parse.failed') });
    }
    next();
  };
  // Not async itself: a request it passes over (most GETs) costs no promise.
  const parser: RequestHandler = (req, res, next) => {
    // As body-parser 2 (on-finished): a body another reader consumed whole is not read again.
    if (!declaresBody(req) || parsed.has(req) || (req.complete && !req.readable) || !settings.matches(req)) {
      next();
      return;
    }
    return read(req, res, next);
  };
  Object.defineProperty(parser, 'name', { value: `${kind.name}Parser` });
  return parser;
}
