import type * as CryptoModule from 'node:crypto';
import { lazyRequire } from './lazy-require.js';

/** An app's own ETag function, as Express's `etag` setting takes it: the body as a Buffer, and no encoding. */
export type EtagFunction = (body: Buffer, encoding: undefined) => string | undefined;

/** @internal What send() calls: the body as it will be sent and its length in bytes; the tag, or none. */
export type EtagOf = (body: string | Uint8Array, length: number) => string | undefined;

/** The tag of an empty body, as the etag package has it (base64 of SHA-1 of nothing, padding cut). */
const EMPTY_TAG = '0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';

type Sha1Base64 = (data: string | Uint8Array) => string;

// node:crypto is loaded by the first body tagged, so an app with `etag` off never loads it.
const crypto = lazyRequire<typeof CryptoModule>('node:crypto');
let hashBody: Sha1Base64 | undefined;

/** SHA-1 in base64. */
function sha1Base64(data: string | Uint8Array): string {
  hashBody ??= sha1Base64Of(crypto());
  return hashBody(data);
}

function sha1Base64Of(crypto: typeof CryptoModule): Sha1Base64 {
  // One call per body where Node has it (>= 20.12, 21.7): no Hash object, no update/digest round trip.
  const oneShotHash = (
    crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'base64') => string }
  ).hash;
  return oneShotHash !== undefined
    ? (data) => oneShotHash('sha1', data, 'base64')
    : (data) => crypto.createHash('sha1').update(data).digest('base64');
}

/**
 * The quoted tag of a body, without `W/`, byte for byte as the etag package writes it:
 * `"<length in hex>-<SHA-1 in base64, 27 characters>"`. A string is hashed as UTF-8 without
 * being copied into a Buffer.
 */
export function entityTag(body: string | Uint8Array, length: number): string {
  if (length === 0) return `"${EMPTY_TAG}`;
  // SHA-1 in base64 is 28 characters with one `=` of padding; the etag package keeps 27.
  return `"${length.toString(16)}-${sha1Base64(body).slice(0, 27)}"`;
}

/** Strings up to this many bytes are remembered by the last-body memo (a miss costs at most one compare of this size). */
const MEMO_MAX_BYTES = 16 * 1024;

/**
 * Remembers the tag of the last string body. Apps send the same body again and again (a
 * constant text, the same JSON for the same state); a string compare is far cheaper than a
 * SHA-1, and a miss costs one compare that usually stops at the length. Buffers are not
 * remembered: they can change between two sends.
 */
function rememberingLast(tagOf: EtagOf): EtagOf {
  let lastBody: string | undefined;
  let lastTag = '';
  return (body, length) => {
    if (typeof body !== 'string' || length > MEMO_MAX_BYTES) return tagOf(body, length);
    if (body !== lastBody) {
      lastTag = tagOf(body, length) as string;
      lastBody = body;
    }
    return lastTag;
  };
}

/** A weak ETag (`W/"…"`), Express's default. */
export const weakEtag: EtagOf = rememberingLast((body, length) => `W/${entityTag(body, length)}`);

/** A strong ETag (`"…"`), Express's `etag: 'strong'`. */
export const strongEtag: EtagOf = rememberingLast(entityTag);

/**
 * The generator as Express stores it under `etag fn` (`(body, encoding) => tag`), for code that
 * reads `app.get('etag fn')`.
 */
export function expressEtagFn(
  tag: EtagOf,
): (body: string | Buffer, encoding?: BufferEncoding) => string | undefined {
  return (body, encoding) => {
    const buffer = typeof body === 'string' ? Buffer.from(body, encoding) : body;
    return tag(buffer, buffer.byteLength);
  };
}

/**
 * What send() uses for a value of the `etag` setting, as Express compiles it: true or 'weak'
 * → weak tags, 'strong' → strong tags, false → none, a function → the app's own (it gets the
 * body as a Buffer, as in Express). Anything else throws, as in Express.
 */
export function compileEtag(value: unknown): EtagOf | undefined {
  if (typeof value === 'function') {
    const own = value as EtagFunction;
    return (body) => {
      const buffer = typeof body === 'string' || !Buffer.isBuffer(body) ? Buffer.from(body) : body;
      return own(buffer, undefined) || undefined;
    };
  }
  switch (value) {
    case true:
    case 'weak':
      return weakEtag;
    case 'strong':
      return strongEtag;
    case false:
      return undefined;
    default:
      throw new TypeError(`unknown value for etag function: ${String(value)}`);
  }
}
