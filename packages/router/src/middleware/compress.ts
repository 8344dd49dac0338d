import type { Transform } from 'node:stream';
import type * as Zlib from 'node:zlib';
import { parseBytes } from '../bytes.js';
import { lazyRequire } from '../lazy-require.js';
import { mediaTypeOf } from '../media-type.js';
import { acceptedTokens } from '../negotiate.js';
import type { AppRequest } from '../request.js';
import type { AppResponse } from '../response.js';
import type { RequestHandler } from '../types.js';

// node:zlib is loaded by the first response compressed, not by every app that mounts compress().
const zlib = lazyRequire<typeof Zlib>('node:zlib');

/** A content coding `compress()` can produce. */
export type Coding = 'gzip' | 'br' | 'deflate';

/** Options of `compress()`. */
export interface CompressOptions {
  /** Bodies smaller than this are sent as they are: bytes or `'1kb'`. Default 1024. */
  threshold?: number | string;
  /** The codings offered, most preferred first; used at equal q. Default `['gzip', 'br', 'deflate']`. */
  encodings?: readonly Coding[];
  /** zlib level for gzip and deflate (0–9). Default zlib's (6). */
  level?: number;
  /** Brotli quality (0–11). Default 4: most of the gain for a fraction of the time of 11. */
  brotliQuality?: number;
  /** Which responses to compress; default: a compressible Content-Type (text, JSON, JavaScript, XML, SVG). */
  filter?: (req: AppRequest, res: AppResponse) => boolean;
}

const COMPRESSIBLE =
  /^(?:text\/|application\/(?:json|javascript|ecmascript|x-javascript|xml|x-www-form-urlencoded|graphql|wasm)$|image\/svg\+xml$)|\+(?:json|xml)$/;

/** Accept-Encoding values remembered per compress() with the coding they chose, and the longest remembered. */
const MAX_REMEMBERED_CODINGS = 64;
const MAX_REMEMBERED_ACCEPT = 256;

const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/** True for media types worth compressing: text, JSON, JavaScript, XML and SVG (not images, video, archives). */
export function isCompressible(contentType: string | readonly string[] | undefined): boolean {
  const type = mediaTypeOf(typeof contentType === 'string' ? contentType : undefined);
  return type !== undefined && COMPRESSIBLE.test(type);
}

function defaultFilter(_req: AppRequest, res: AppResponse): boolean {
  return isCompressible(res.getHeader('Content-Type'));
}

type Chunk = string | Uint8Array;
type Callback = () => void;

/**
 * A body sent whole is encoded here before it is compressed, synchronously, so one buffer
 * serves every response: a fresh one each time is off-heap memory that stays taken until the
 * next scavenge, and under load that is what the process's peak RSS is made of.
 */
let scratch = Buffer.alloc(0);
const MAX_SCRATCH = 256 * 1024;

/**
 * The body as bytes, which also gives its length (a view of the shared scratch buffer for a
 * string that fits). A string is encoded without measuring it first: no encoding Node writes
 * takes more than 3 bytes per UTF-16 unit, so only a long string needs measuring.
 */
function wholeBody(chunk: Chunk, encoding: BufferEncoding): Uint8Array {
  if (typeof chunk !== 'string') return chunk;
  const room = chunk.length * 3 <= MAX_SCRATCH ? chunk.length * 3 : Buffer.byteLength(chunk, encoding);
  if (room > MAX_SCRATCH) return Buffer.from(chunk, encoding);
  if (scratch.length < room)
    scratch = Buffer.allocUnsafe(Math.max(room, Math.min(2 * scratch.length, MAX_SCRATCH)));
  return scratch.subarray(0, scratch.write(chunk, encoding));
}

/**
 * zlib's output buffer for a body of `length` bytes: an eighth of it (text compresses about that
 * well), within 1–64 KiB. Small ones come from Node's shared buffer pool; zlib's
 * default, 16 KiB, would be a new allocation per response however small the output.
 */
function outputChunkSize(length: number): number {
  let size = 1024;
  while (size < length / 8 && size < 64 * 1024) size *= 2;
  return size;
}

// deflate keeps this much lookahead: a window must be this much longer than a body to hold all of it.
const MIN_LOOKAHEAD = 262;

/**
 * The smallest deflate window (log2, 10–15) that holds a whole body of `length` bytes. For such a
 * body the compressed bytes are the same as with zlib's default 32 KiB window, but zlib allocates
 * and clears less per response: a 10 KiB body costs about an eighth fewer instructions.
 */
function fittedWindowBits(length: number): number {
  let bits = 10;
  while (bits < 15 && (1 << bits) - MIN_LOOKAHEAD < length) bits++;
  return bits;
}

function toBuffer(chunk: Chunk, encoding: BufferEncoding): Buffer {
  return typeof chunk === 'string'
    ? Buffer.from(chunk, encoding)
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Compresses responses with gzip, br or deflate, by the request's Accept-Encoding
 * (q-values, `*`, `identity`, `q=0`; at equal q the order of `encodings`). A body sent
 * whole by `end(body)` is compressed at once and keeps an exact Content-Length; a streamed
 * body goes through a zlib stream, chunked. Sends `Vary: Accept-Encoding` on every response
 * it considered. Leaves alone HEAD, 1xx/204/304, bodies under `threshold`, responses that
 * already have a Content-Encoding or `Cache-Control: no-transform`, and types `filter` refuses.
 */
export function compress(options: CompressOptions = {}): RequestHandler {
  const threshold = parseBytes(options.threshold ?? 1024, 'compress({ threshold })');
  const offers = [...(options.encodings ?? ['gzip', 'br', 'deflate']), 'identity'];
  const filter = options.filter ?? defaultFilter;
  const level = options.level;
  const quality = options.brotliQuality ?? 4;

  const compressWhole = (coding: Coding, body: Uint8Array): Buffer => {
    const { constants, brotliCompressSync, gzipSync, deflateSync } = zlib();
    const chunkSize = outputChunkSize(body.byteLength);
    if (coding === 'br') {
      return brotliCompressSync(body, {
        chunkSize,
        params: {
          [constants.BROTLI_PARAM_QUALITY]: quality,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
        },
      });
    }
    const options = { level, chunkSize, windowBits: fittedWindowBits(body.byteLength) };
    return coding === 'gzip' ? gzipSync(body, options) : deflateSync(body, options);
  };
  const compressStream = (coding: Coding): Transform => {
    const { constants, createBrotliCompress, createGzip, createDeflate } = zlib();
    if (coding === 'br')
      return createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: quality } });
    return coding === 'gzip' ? createGzip({ level }) : createDeflate({ level });
  };

  /** The coding to use by the client's Accept-Encoding, or undefined for none (identity). */
  const negotiateCoding = (accepted: string | undefined): Coding | undefined => {
    const coding = acceptedTokens(accepted, offers, {
      implicit: 'identity',
      absentMeansAny: false,
      serverOrder: true,
    })[0];
    return coding === undefined || coding === 'identity' ? undefined : (coding as Coding);
  };
  // Clients send a handful of distinct Accept-Encoding values: each is negotiated once, so the
  // parsing and sorting (most of what this middleware allocated per request) happen once per value.
  const knownCodings = new Map<string, Coding | undefined>();
  const preferredCoding = (accepted: string | undefined): Coding | undefined => {
    if (accepted === undefined || accepted.length > MAX_REMEMBERED_ACCEPT) return negotiateCoding(accepted);
    const known = knownCodings.get(accepted);
    if (known !== undefined || knownCodings.has(accepted)) return known;
    const coding = negotiateCoding(accepted);
    // Bounded against a client that sends a new value each time: start over rather than grow.
    if (knownCodings.size >= MAX_REMEMBERED_CODINGS) knownCodings.clear();
    knownCodings.set(accepted, coding);
    return coding;
  };

  return function compressMiddleware(req, res, next) {
    // Most requests that will not be compressed say so in their Accept-Encoding: they pay
    // only for the Vary header, and the response is not wrapped.
    const accepted = req.headers['accept-encoding'];
    if (accepted === undefined || preferredCoding(accepted) === undefined) {
      res.vary('Accept-Encoding');
      next();
      return;
    }
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    const writeHead = res.writeHead.bind(res);
    const flushHeaders = res.flushHeaders.bind(res);
    let decided = false;
    let ended = false;
    let stream: Transform | undefined;

    /** Picks the coding, once, just before the head goes out; sets the headers that go with it. */
    const decide = (wholeLength: number | undefined): Coding | undefined => {
      decided = true;
      if (res.headersSent || !filter(req, res)) return undefined;
      if (NO_TRANSFORM.test(String(res.getHeader('Cache-Control') ?? ''))) return undefined;
      res.vary('Accept-Encoding');
      const status = res.statusCode;
      if (req.method === 'HEAD' || status < 200 || status === 204 || status === 304) return undefined;
      const existing = res.getHeader('Content-Encoding');
      if (existing !== undefined && String(existing).toLowerCase() !== 'identity') return undefined;
      const declared = res.getHeader('Content-Length');
      const length = wholeLength ?? (declared === undefined ? undefined : Number(declared));
      if (length !== undefined && (length === 0 || length < threshold)) return undefined;
      const coding = preferredCoding(req.headers['accept-encoding']);
      if (coding === undefined) return undefined;
      res.removeHeader('Content-Length');
      res.setHeader('Content-Encoding', coding);
      return coding;
    };

    const startStream = (): void => {
      const coding = decide(undefined);
      if (coding === undefined) return;
      const zlib = compressStream(coding);
      stream = zlib;
      zlib.on('data', (data: Buffer) => {
        if (!write(data)) zlib.pause();
      });
      // The socket's drain resumes zlib; zlib's drain is passed on to the app's writer. The flag
      // keeps the second from posing as the first, which would resume zlib into a full socket.
      let relaying = false;
      res.on('drain', () => {
        if (!relaying) zlib.resume();
      });
      zlib.on('drain', () => {
        relaying = true;
        res.emit('drain');
        relaying = false;
      });
      zlib.on('error', () => req.socket.destroy());
      res.once('close', () => zlib.destroy());
    };

    // The head is kept open until the first byte, so that the coding can still be chosen.
    res.writeHead = function deferredWriteHead(this: AppResponse, status, reasonOrHeaders, headers) {
      if (decided) return writeHead(status, reasonOrHeaders, headers);
      this.statusCode = status;
      let fields = headers;
      if (typeof reasonOrHeaders === 'string') this.statusMessage = reasonOrHeaders;
      else fields = reasonOrHeaders;
      if (fields) for (const [name, value] of Object.entries(fields)) this.setHeader(name, value);
      return this;
    };

    res.write = (
      chunk: Chunk,
      encodingOrCallback?: BufferEncoding | Callback,
      maybeCallback?: Callback,
    ): boolean => {
      const encoding = typeof encodingOrCallback === 'string' ? encodingOrCallback : 'utf8';
      const callback = typeof encodingOrCallback === 'function' ? encodingOrCallback : maybeCallback;
      if (ended) throw new Error(`write() after end() on the response to ${req.method} ${req.originalUrl}`);
      if (!decided) startStream();
      return stream === undefined
        ? write(chunk, encoding, callback)
        : stream.write(toBuffer(chunk, encoding), callback);
    };

    res.end = function compressedEnd(
      this: AppResponse,
      chunk?: Chunk | Callback,
      encoding: BufferEncoding | Callback = 'utf8',
      callback?: Callback,
    ): AppResponse {
      if (typeof chunk === 'function') return compressedEnd.call(this, undefined, 'utf8', chunk);
      if (typeof encoding === 'function') return compressedEnd.call(this, chunk, 'utf8', encoding);
      if (ended) {
        process.emitWarning(
          `end() was called again on the response to ${req.method} ${req.originalUrl}; the second call was ignored. Return after sending a response, or check res.writableEnded.`,
          'SkiffWarning',
        );
        return this;
      }
      ended = true;
      if (!decided) {
        const body = chunk === undefined ? undefined : wholeBody(chunk, encoding);
        const coding = decide(body === undefined ? 0 : body.byteLength);
        // Not compressed: the body goes on as it was given, the scratch copy unused.
        if (coding === undefined || body === undefined) return end(chunk, encoding, callback);
        return end(compressWhole(coding, body), 'utf8', callback);
      }
      if (stream === undefined) return end(chunk, encoding, callback);
      stream.once('end', () => end(callback));
      if (chunk === undefined) stream.end();
      else stream.end(toBuffer(chunk, encoding));
      return this;
    };

    res.flushHeaders = () => {
      if (!decided) startStream();
      flushHeaders();
    };

    next();
  };
}
