import type { RequestHandler } from '../../types.js';
import { type JsonOptions, readSettings } from './options.js';
import { bodyParser } from './parser.js';

/** JSON's insignificant whitespace (RFC 8259 §2), then the first character that is not. */
const FIRST_NON_WHITESPACE = /^[ \t\n\r]*([^ \t\n\r]|$)/;

/**
 * The SyntaxError JSON.parse gives for the text up to the first character that is not `{` or
 * `[`, as body-parser builds it: the rest is masked with `#`, parsed, and the mask put back
 * in the message, so the message names what the client sent and where.
 */
function strictError(text: string, first: string | undefined): SyntaxError {
  const index = first === undefined ? -1 : text.indexOf(first);
  const masked = index === -1 ? '' : text.slice(0, index) + '#'.repeat(text.length - index);
  try {
    JSON.parse(masked);
  } catch (error) {
    const syntax = error as SyntaxError;
    const message = syntax.message.replace(/#+/g, (mask) => text.slice(index, index + mask.length));
    syntax.stack = syntax.stack?.replace(syntax.message, message);
    syntax.message = message;
    return syntax;
  }
  return new SyntaxError('strict violation');
}

/** Parses `application/json` bodies into `req.body` (any `utf-*` charset); malformed JSON → 400. */
export function json(options: JsonOptions = {}): RequestHandler {
  const strict = options.strict !== false;
  const reviver = options.reviver;
  return bodyParser(
    {
      name: 'json',
      decodes: true,
      // RFC 7159 §8.1: JSON is UTF-8, -16 or -32; body-parser takes any `utf-` iconv-lite knows.
      acceptsCharset: (charset) => charset.slice(0, 4) === 'utf-',
      parse: (text) => {
        // As body-parser: an empty body is {}, a common client mistake.
        if (text.length === 0) return {};
        if (strict && text[0] !== '{' && text[0] !== '[') {
          const first = FIRST_NON_WHITESPACE.exec(text)?.[1] || undefined;
          if (first !== '{' && first !== '[') throw strictError(text, first);
        }
        return JSON.parse(text, reviver);
      },
    },
    readSettings('json', options, 'application/json'),
  );
}
