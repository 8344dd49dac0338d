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

const LOWER_NAMES = new Map<string, string>();
for (const name of COMMON_NAMES) {
  LOWER_NAMES.set(name, name.toLowerCase());
  LOWER_NAMES.set(name.toUpperCase(), name.toLowerCase());
}

/** Lower-case form of a field name that holds upper-case letters; common names come from a table. */
export function lowerCaseName(name: string): string {
  return LOWER_NAMES.get(name) ?? name.toLowerCase();
}
