import { listIncludes } from './parser/list.js';

/** How a response body is delimited on the wire. */
export type ResponseFraming = 'none' | 'length' | 'chunked' | 'close';

/** What the framing of one response depends on. */
export interface FramingInput {
  readonly status: number;
  /** The request was HEAD: the response carries no content whatever its headers say. */
  readonly headRequest: boolean;
  readonly httpVersionMinor: 0 | 1;
  /** Content-Length, Transfer-Encoding and Connection as the app set them, if it did. */
  readonly contentLength: string | readonly string[] | undefined;
  readonly transferEncoding: string | readonly string[] | undefined;
  readonly connection: string | readonly string[] | undefined;
  /** The body's length when `end(body)` sends it whole; undefined for a streamed body. */
  readonly wholeLength: number | undefined;
  /** The server closes after this exchange for reasons of its own (request, limits, shutdown). */
  readonly serverCloses: boolean;
}

/** The decision: how the body is framed, and which framing fields go out. */
export interface FramingDecision {
  readonly kind: ResponseFraming;
  /** Bytes the body must have, for `length`. */
  readonly length: number;
  /** Content-Length to add, where the app set none. */
  readonly addContentLength: number | undefined;
  /** Add `Transfer-Encoding: chunked`. */
  readonly addChunked: boolean;
  /** Framing fields of the app's to leave out: both (no content allowed), Transfer-Encoding alone, or none. */
  readonly drop: 'none' | 'both' | 'transfer-encoding';
  /** Connection field to add. */
  readonly connection: 'close' | 'keep-alive' | undefined;
  /** Leave out the app's Connection field (it would hide that the server closes). */
  readonly dropAppConnection: boolean;
  /** The connection closes once this response is out. */
  readonly closes: boolean;
}

/** True for the statuses that never carry content (RFC 9110 §6.4.1). */
export function statusHasNoBody(status: number): boolean {
  return status < 200 || status === 204 || status === 304;
}

/**
 * The one place that decides how a response is framed (Content-Length, chunked,
 * close-delimited or no body) and whether it says `Connection: close`. Framing fields the
 * app set are checked here: a value that would make the client misread the body is a
 * programmer error and throws, so it never reaches the wire.
 */
export function decideFraming(input: FramingInput): FramingDecision {
  const appLength = input.contentLength === undefined ? undefined : checkedLength(input.contentLength);
  const appChunked = input.transferEncoding !== undefined && checkedEncoding(input.transferEncoding);
  let kind: ResponseFraming;
  let length = 0;
  let addContentLength: number | undefined;
  let addChunked = false;
  let drop: FramingDecision['drop'] = 'none';

  if (statusHasNoBody(input.status)) {
    // RFC 9110 §6.4.1: 1xx, 204 and 304 never have content. §8.6: no Content-Length in 1xx or 204
    // (a 304 may carry the length of the representation it stands for).
    kind = 'none';
    if (input.status !== 304) drop = 'both';
  } else if (input.headRequest) {
    // RFC 9110 §9.3.2: a response to HEAD has no content; its Content-Length tells what GET would send.
    kind = 'none';
    if (appLength === undefined && !appChunked && input.wholeLength !== undefined && input.wholeLength > 0) {
      addContentLength = input.wholeLength;
    }
  } else if (appLength !== undefined) {
    // RFC 9112 §6.1: a sender must not send Content-Length with Transfer-Encoding; a client would frame by the latter.
    if (appChunked) {
      throw new Error(
        'Both Content-Length and Transfer-Encoding were set on the response; remove one of them',
      );
    }
    if (input.wholeLength !== undefined && input.wholeLength !== appLength) {
      throw new Error(
        `Content-Length ${appLength} was set, but the body has ${input.wholeLength} bytes; remove the header or send the right body`,
      );
    }
    kind = 'length';
    length = appLength;
  } else if (input.wholeLength !== undefined && !appChunked) {
    kind = 'length';
    length = input.wholeLength;
    addContentLength = input.wholeLength;
  } else if (input.httpVersionMinor === 1) {
    kind = 'chunked';
    addChunked = !appChunked;
  } else {
    // RFC 9112 §6.3 rule 8: an HTTP/1.0 client reads a body of unknown length until the close;
    // RFC 9112 §6.1: and it does not know chunked.
    kind = 'close';
    drop = 'transfer-encoding';
  }

  const appConnection = input.connection === undefined ? undefined : String(input.connection);
  const appCloses = appConnection !== undefined && listIncludes(appConnection, 'close');
  const closes = input.serverCloses || appCloses || kind === 'close';
  let connection: FramingDecision['connection'];
  let dropAppConnection = false;
  if (appConnection !== undefined) {
    // The app's own Connection field goes out as set, unless it would hide that the server closes.
    if (closes && !appCloses) {
      dropAppConnection = true;
      connection = 'close';
    }
  } else if (closes) {
    // RFC 9112 §9.6: a server that is about to close says so in the response.
    connection = 'close';
  } else if (input.httpVersionMinor === 0) {
    // RFC 9112 §9.3: an HTTP/1.0 client keeps the connection only when the response says so.
    connection = 'keep-alive';
  }
  return { kind, length, addContentLength, addChunked, drop, connection, dropAppConnection, closes };
}

/** The app's Content-Length: exactly one value of 1*DIGIT (RFC 9110 §8.6), or it throws. */
function checkedLength(value: string | readonly string[]): number {
  const text = typeof value === 'string' ? value : value.length === 1 ? (value[0] as string) : undefined;
  let valid = text !== undefined && text.length > 0 && text.length <= 16;
  if (text !== undefined) {
    for (let index = 0; valid && index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code < 0x30 || code > 0x39) valid = false;
    }
  }
  const length = Number(text);
  if (!valid || !Number.isSafeInteger(length)) {
    throw new Error(
      `Content-Length ${JSON.stringify(value)} is not a length: set it to one number of bytes (digits only), or leave it out and Skiff will set it`,
    );
  }
  return length;
}

/** True for the app's `Transfer-Encoding: chunked`; any other coding throws, as Skiff cannot apply it. */
function checkedEncoding(value: string | readonly string[]): boolean {
  const text = typeof value === 'string' ? value : value.length === 1 ? value[0] : undefined;
  if (text?.trim().toLowerCase() !== 'chunked') {
    throw new Error(
      `Transfer-Encoding ${JSON.stringify(value)} cannot be sent: Skiff frames bodies itself and only knows chunked. Use Content-Encoding for compression, or leave Transfer-Encoding out`,
    );
  }
  return true;
}
