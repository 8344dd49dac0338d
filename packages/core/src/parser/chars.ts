/**
 * The byte classes of HTTP/1.1, each defined once: the parser and the response-side header
 * checks both read these tables. Every table has 256 entries, so any byte indexes it; a
 * string's char code above 0xff reads `undefined`, which no test below accepts.
 */

/** Carriage return. */
export const CR = 0x0d;
/** Line feed. */
export const LF = 0x0a;
/** Space. */
export const SP = 0x20;
/** Horizontal tab. */
export const HTAB = 0x09;

/** 1 for bytes allowed in a token (RFC 9110 §5.6.2 tchar), 0 otherwise. */
export const TOKEN = new Uint8Array(256);
for (const char of "!#$%&'*+-.^_`|~") TOKEN[char.charCodeAt(0)] = 1;
for (let code = 0x30; code <= 0x39; code++) TOKEN[code] = 1;
for (let code = 0x41; code <= 0x5a; code++) TOKEN[code] = 1;
for (let code = 0x61; code <= 0x7a; code++) TOKEN[code] = 1;

/**
 * 1 for bytes allowed inside a field value (RFC 9110 §5.5): VCHAR, obs-text, SP and HTAB.
 * Every other control, DEL included, is refused. The same set is qdtext and what a
 * quoted-pair may escape (RFC 9110 §5.6.4), once DQUOTE and "\" are handled apart.
 */
export const FIELD_VALUE = new Uint8Array(256);
for (let code = 0x20; code <= 0xff; code++) FIELD_VALUE[code] = 1;
FIELD_VALUE[0x7f] = 0;
FIELD_VALUE[HTAB] = 1;

/**
 * 1 for bytes allowed in a request-target: visible ASCII (RFC 3986 characters and a few more
 * that clients send), except "#": RFC 9112 §3.2 request-target forms have no fragment.
 */
export const TARGET = new Uint8Array(256);
for (let code = 0x21; code <= 0x7e; code++) TARGET[code] = 1;
TARGET[0x23] = 0;

/** Value of a hex digit byte (RFC 5234 HEXDIG, either case), or -1 for any other byte. */
export const HEX_VALUE = new Int8Array(256).fill(-1);
for (let code = 0x30; code <= 0x39; code++) HEX_VALUE[code] = code - 0x30;
for (let code = 0x41; code <= 0x46; code++) HEX_VALUE[code] = code - 0x41 + 10;
for (let code = 0x61; code <= 0x66; code++) HEX_VALUE[code] = code - 0x61 + 10;

/** True for SP and HTAB, the only bytes OWS and BWS are made of (RFC 9110 §5.6.3). */
export function isOws(code: number | undefined): boolean {
  return code === SP || code === HTAB;
}

/** True for a hex digit byte or char code. */
export function isHexDigit(code: number): boolean {
  return (HEX_VALUE[code] ?? -1) >= 0;
}

/** True when the string is a non-empty token (RFC 9110 §5.6.2). */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let index = 0; index < text.length; index++) {
    if (TOKEN[text.charCodeAt(index)] !== 1) return false;
  }
  return true;
}

type Latin1Slice = (this: Buffer, start: number, end: number) => string;
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: Latin1Slice }).latin1Slice;

/** `buffer.toString('latin1', start, end)` without the encoding dispatch: it runs for every name and value. */
export function latin1(buffer: Buffer, start: number, end: number): string {
  return latin1Slice.call(buffer, start, end);
}
