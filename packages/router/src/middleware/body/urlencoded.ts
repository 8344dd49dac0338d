import type { RequestHandler } from '../../types.js';
import { bodyError } from './errors.js';
import { readSettings, type UrlencodedOptions } from './options.js';
import { bodyParser } from './parser.js';

type Qs = typeof import('qs');

/** qs, loaded the first time a form is parsed: apps without forms never load it. */
let qs: Qs | undefined;

async function loadQs(): Promise<Qs> {
  qs ??= (await import('qs')).default;
  return qs;
}

/** The number of `&`-separated fields, or undefined as soon as it passes `limit`. */
function fieldCount(body: string, limit: number): number | undefined {
  let count = 0;
  let index = -1;
  do {
    count += 1;
    if (count > limit) return undefined;
    index = body.indexOf('&', index + 1);
  } while (index !== -1);
  return count;
}

/**
 * Parses `application/x-www-form-urlencoded` bodies into `req.body` with qs, as body-parser 2:
 * flat keys (repeated keys → arrays) by default, nested objects and arrays with `extended`.
 * UTF-8 or ISO-8859-1 forms; more than `parameterLimit` fields → 413.
 */
export function urlencoded(options: UrlencodedOptions = {}): RequestHandler {
  const settings = readSettings('urlencoded', options, 'application/x-www-form-urlencoded');
  if (settings.defaultCharset !== 'utf-8' && settings.defaultCharset !== 'iso-8859-1') {
    throw new TypeError("urlencoded({ defaultCharset }) must be 'utf-8' or 'iso-8859-1'");
  }
  const extended = Boolean(options.extended);
  let parameterLimit = options.parameterLimit ?? 1000;
  const depth = extended ? (options.depth ?? 32) : 0;
  if (Number.isNaN(parameterLimit) || parameterLimit < 1) {
    throw new TypeError('urlencoded({ parameterLimit }) must be a positive number');
  }
  if (Number.isNaN(depth) || depth < 0) {
    throw new TypeError('urlencoded({ depth }) must be zero or a positive number');
  }
  if (Number.isFinite(parameterLimit)) parameterLimit |= 0;
  return bodyParser(
    {
      name: 'urlencoded',
      decodes: true,
      acceptsCharset: (charset) => charset === 'utf-8' || charset === 'iso-8859-1',
      parse: async (body, charset) => {
        if (body.length === 0) return {};
        const count = fieldCount(body, parameterLimit);
        if (count === undefined) {
          throw bodyError(413, 'too many parameters', { type: 'parameters.too.many' });
        }
        const parser = await loadQs();
        try {
          // body-parser's qs options, so that the same form gives the same object.
          return parser.parse(body, {
            allowPrototypes: true,
            arrayLimit: extended ? Math.max(100, count) : count,
            depth,
            charsetSentinel: options.charsetSentinel,
            interpretNumericEntities: options.interpretNumericEntities,
            charset: charset === 'iso-8859-1' ? 'iso-8859-1' : 'utf-8',
            parameterLimit,
            strictDepth: true,
          });
        } catch (error) {
          if (error instanceof RangeError) {
            throw bodyError(400, 'The input exceeded the depth', { type: 'querystring.parse.rangeError' });
          }
          throw error;
        }
      },
    },
    settings,
  );
}
