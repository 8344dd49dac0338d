import { FIELD_VALUE, isToken } from './parser/chars.js';

/** True when the string is a non-empty token (RFC 9110 §5.6.2); the parser's own test, so both sides agree. */
export { isToken };

/**
 * True when the string may be sent as a field value (RFC 9110 §5.5): no CR, LF, NUL or
 * other control but HTAB, and nothing that does not fit in one byte on the wire.
 */
export function isFieldValue(text: string): boolean {
  return fieldValueKind(text) !== INVALID;
}

/** True when the string is a valid field value made of ASCII only. */
export function isAsciiFieldValue(text: string): boolean {
  return fieldValueKind(text) === ASCII;
}

/** An error for a header the app tried to set that cannot go on the wire. */
export class InvalidHeaderError extends TypeError {
  /** Always `ERR_INVALID_HEADER`, to test for without matching the message. */
  readonly code = 'ERR_INVALID_HEADER';

  constructor(what: string) {
    super(what);
    this.name = 'InvalidHeaderError';
  }
}

/** Names already checked; app code sets the same few names over and over. Bounded, so odd names cannot grow it. */
const checkedNames = new Set<string>();
const MAX_CHECKED_NAMES = 512;

/** Whether a field value can go on the wire (RFC 9110 §5.5), and whether it is ASCII, in one pass. */
const INVALID = 0;
const ASCII = 1;
const LATIN1 = 2;

function fieldValueKind(text: string): number {
  let kind = ASCII;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // The table the parser reads; a char above U+00FF reads undefined and is refused.
    if (FIELD_VALUE[code] !== 1) return INVALID;
    if (code >= 0x80) kind = LATIN1;
  }
  return kind;
}

/**
 * Checks a header before it is stored, so that nothing invalid is ever written. Returns
 * true when the value is ASCII, so the head can share a write with a UTF-8 body.
 */
export function assertValidHeader(name: string, value: string | readonly string[]): boolean {
  if (!checkedNames.has(name)) {
    if (!isToken(name)) {
      throw new InvalidHeaderError(
        `Header name ${JSON.stringify(name)} is not a valid token; it was not set`,
      );
    }
    if (checkedNames.size < MAX_CHECKED_NAMES) checkedNames.add(name);
  }
  if (typeof value === 'string') return checkValue(name, value);
  let ascii = true;
  for (const item of value) if (!checkValue(name, item)) ascii = false;
  return ascii;
}

function checkValue(name: string, value: string): boolean {
  const kind = fieldValueKind(value);
  if (kind === INVALID) {
    throw new InvalidHeaderError(
      `Header ${name} has a value with CR, LF, NUL, another control character or a character above U+00FF: ${JSON.stringify(value)}; it was not set`,
    );
  }
  return kind === ASCII;
}
