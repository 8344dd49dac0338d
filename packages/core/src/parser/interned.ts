/**
 * Strings the hot path would otherwise allocate for every request: the common methods, and
 * the lower-case forms of the header names clients send most.
 */

const METHODS = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT'];

/** The method between `start` and `end` when it is a common one, else undefined. */
export function knownMethod(buffer: Buffer, start: number, end: number): string | undefined {
  const length = end - start;
  for (const method of METHODS) {
    if (method.length === length && sameBytes(buffer, start, method)) return method;
  }
  return undefined;
}

function sameBytes(buffer: Buffer, start: number, text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (buffer[start + index] !== text.charCodeAt(index)) return false;
  }
  return true;
}

const COMMON_NAMES = [
  'Accept',
  'Accept-Charset',
  'Accept-Encoding',
  'Accept-Language',
  'Authorization',
  'Cache-Control',
  'Connection',
  'Content-Encoding',
  'Content-Length',
  'Content-Type',
  'Cookie',
  'DNT',
  'Expect',
  'Forwarded',
  'Host',
  'If-Match',
  'If-Modified-Since',
  'If-None-Match',
  'If-Range',
  'If-Unmodified-Since',
  'Keep-Alive',
  'Origin',
  'Pragma',
  'Range',
  'Referer',
  'Sec-Fetch-Dest',
  'Sec-Fetch-Mode',
  'Sec-Fetch-Site',
  'Sec-Fetch-User',
  'TE',
  'Trailer',
  'Transfer-Encoding',
  'Upgrade',
  'Upgrade-Insecure-Requests',
  'User-Agent',
  'Via',
  'X-Forwarded-For',
  'X-Forwarded-Host',
  'X-Forwarded-Proto',
  'X-Request-ID',
  'X-Requested-With',
];

/**
 * `text` as V8's internalized copy: strings made at run time (by toLowerCase) are not, and each
 * use as a property key would look the string up in V8's table again. A property name is.
 */
function internalized(text: string): string {
  return Object.keys({ [text]: true })[0] as string;
}

const LOWER_NAMES = new Map<string, string>();
for (const name of COMMON_NAMES) {
  const key = internalized(name.toLowerCase());
  LOWER_NAMES.set(name, key);
  LOWER_NAMES.set(name.toUpperCase(), key);
}

/** A common field name as it was sent (canonical or lower case) and its lower-case key. */
export interface CommonName {
  readonly asSent: string;
  readonly key: string;
}

/** The common names by length, each as written above and in lower case. */
const NAMES_BY_LENGTH: CommonName[][] = [];
for (const name of COMMON_NAMES) {
  const key = LOWER_NAMES.get(name) as string;
  const bucket = NAMES_BY_LENGTH[name.length] ?? [];
  bucket.push({ asSent: name, key }, { asSent: key, key });
  NAMES_BY_LENGTH[name.length] = bucket;
}

/**
 * The common field name that `buffer[start..end)` spells exactly, in its usual case or in lower
 * case, or undefined: the parser then needs no new string for the name, and no lower-casing.
 */
export function commonName(buffer: Buffer, start: number, end: number): CommonName | undefined {
  const bucket = NAMES_BY_LENGTH[end - start];
  if (bucket === undefined) return undefined;
  for (const candidate of bucket) {
    if (sameBytes(buffer, start, candidate.asSent)) return candidate;
  }
  return undefined;
}

/** Lower-case form of a field name that holds upper-case letters; common names come from a table. */
export function lowerCaseName(name: string): string {
  return LOWER_NAMES.get(name) ?? name.toLowerCase();
}
