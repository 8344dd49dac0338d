import { FIELD_VALUE, HEX_VALUE, isOws, TOKEN } from './chars.js';
import type { ParseErrorCode } from './errors.js';

const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Reads a chunk-size line without its CRLF (RFC 9112 §7.1):
 * `chunk-size *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )`.
 * Extensions are checked and ignored. Returns the size, or the error code.
 */
export function parseChunkSizeLine(line: Buffer, start: number, end: number): number | ParseErrorCode {
  let index = start;
  let size = 0;
  for (; index < end; index++) {
    const digit = HEX_VALUE[line[index] as number] as number;
    if (digit < 0) break;
    size = size * 16 + digit;
    // Leading zeros are harmless; only the value is bounded, so that it stays an exact integer.
    if (size > Number.MAX_SAFE_INTEGER) return 'INVALID_CHUNK_SIZE';
  }
  if (index === start) return 'INVALID_CHUNK_SIZE';
  if (index === end) return size;

  // Whatever follows the digits must be an extension: BWS is only allowed before a ";".
  let cursor = skipWhitespace(line, index, end);
  if (cursor === end || line[cursor] !== SEMICOLON) return 'INVALID_CHUNK_SIZE';
  while (cursor < end) {
    if (line[cursor] !== SEMICOLON) return 'INVALID_CHUNK_EXTENSION';
    const nameEnd = tokenEnd(line, skipWhitespace(line, cursor + 1, end), end);
    if (nameEnd < 0) return 'INVALID_CHUNK_EXTENSION';
    cursor = skipWhitespace(line, nameEnd, end);
    if (cursor < end && line[cursor] === EQUALS) {
      cursor = skipWhitespace(line, cursor + 1, end);
      const valueEnd =
        cursor < end && line[cursor] === QUOTE
          ? quotedStringEnd(line, cursor, end)
          : tokenEnd(line, cursor, end);
      if (valueEnd < 0) return 'INVALID_CHUNK_EXTENSION';
      cursor = skipWhitespace(line, valueEnd, end);
    }
  }
  return size;
}

function skipWhitespace(line: Buffer, index: number, end: number): number {
  while (index < end && isOws(line[index])) index++;
  return index;
}

function tokenEnd(line: Buffer, index: number, end: number): number {
  const start = index;
  while (index < end && TOKEN[line[index] as number] === 1) index++;
  return index === start ? -1 : index;
}

/**
 * End of a quoted-string (RFC 9110 §5.6.4) that opens at `index`, or -1 when it is malformed or
 * unterminated. qdtext and the byte a quoted-pair escapes are both field-value bytes.
 */
function quotedStringEnd(line: Buffer, index: number, end: number): number {
  for (index++; index < end; index++) {
    const code = line[index] as number;
    if (code === QUOTE) return index + 1;
    if (code === BACKSLASH) {
      index++;
      const escaped = line[index];
      if (escaped === undefined || index >= end || FIELD_VALUE[escaped] !== 1) return -1;
    } else if (FIELD_VALUE[code] !== 1) {
      return -1;
    }
  }
  return -1;
}
