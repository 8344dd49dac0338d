// One HTTP/1.1 exchange on a raw socket: the request's bytes go out exactly as given, and the
// response is read by its own framing, so nothing between the test and the server rewrites it.

import { connect } from 'node:net';

/** A response as it came off the wire. */
export interface WireResponse {
  /** The status code; 0 when no status line arrived. */
  readonly status: number;
  /** The reason phrase, as sent. */
  readonly reason: string;
  /** The header fields in the order received, names lower-cased. */
  readonly fields: readonly (readonly [name: string, value: string])[];
  /** The body, de-chunked when it was chunked. */
  readonly body: Buffer;
  /** How the body was delimited. */
  readonly framing: 'none' | 'length' | 'chunked' | 'close';
  /** What went wrong while reading (a cut body, no answer in time), or undefined. */
  readonly problem: string | undefined;
}

/** What a reader still needs: more bytes, or the response is complete at `end` bytes. */
type Progress = { done: false } | { done: true; response: WireResponse };

interface Head {
  status: number;
  reason: string;
  fields: [string, string][];
  headLength: number;
}

function parseHead(bytes: Buffer): Head | undefined {
  const split = bytes.indexOf('\r\n\r\n');
  if (split === -1) return undefined;
  const [statusLine = '', ...lines] = bytes.subarray(0, split).toString('latin1').split('\r\n');
  // `HTTP/1.1 200 OK`: the reason is everything after the second space, and may be empty.
  const match = /^HTTP\/\d\.\d (\d{3})(?: (.*))?$/.exec(statusLine);
  const fields: [string, string][] = lines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
  });
  return { status: Number(match?.[1] ?? 0), reason: match?.[2] ?? '', fields, headLength: split + 4 };
}

/** Decodes a chunked body; undefined while the last chunk (and the trailers) have not all arrived. */
function dechunk(bytes: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', offset);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(bytes.subarray(offset, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) {
      // RFC 9112 §7.1: the last chunk, trailer fields (often none), then an empty line.
      return bytes.indexOf('\r\n\r\n', lineEnd) === -1 ? undefined : Buffer.concat(parts);
    }
    if (bytes.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

function headerOf(head: Head, name: string): string | undefined {
  return head.fields.find(([field]) => field === name)?.[1];
}

/**
 * Reads one response from `bytes` (all received so far). RFC 9112 §6.3 decides the length:
 * no body for HEAD, 1xx, 204 and 304; chunked; Content-Length; else up to the close.
 */
function progress(bytes: Buffer, method: string, closed: boolean): Progress {
  const head = parseHead(bytes);
  if (head === undefined) return { done: false };
  const rest = bytes.subarray(head.headLength);
  const base = { status: head.status, reason: head.reason, fields: head.fields, problem: undefined };
  if (method === 'HEAD' || head.status < 200 || head.status === 204 || head.status === 304) {
    return { done: true, response: { ...base, body: Buffer.alloc(0), framing: 'none' } };
  }
  if (headerOf(head, 'transfer-encoding')?.toLowerCase().endsWith('chunked')) {
    const body = dechunk(rest);
    return body === undefined
      ? { done: false }
      : { done: true, response: { ...base, body, framing: 'chunked' } };
  }
  const length = headerOf(head, 'content-length');
  if (length !== undefined) {
    const size = Number(length);
    if (rest.length < size) return { done: false };
    return { done: true, response: { ...base, body: rest.subarray(0, size), framing: 'length' } };
  }
  return closed ? { done: true, response: { ...base, body: rest, framing: 'close' } } : { done: false };
}

/** What was received when the exchange ended before a whole response. */
function partial(bytes: Buffer, problem: string): WireResponse {
  const head = parseHead(bytes);
  return {
    status: head?.status ?? 0,
    reason: head?.reason ?? '',
    fields: head?.fields ?? [],
    body: head === undefined ? Buffer.alloc(0) : bytes.subarray(head.headLength),
    framing: 'close',
    problem,
  };
}

/**
 * Opens a connection to 127.0.0.1:`port`, writes `request`, and resolves with the first
 * response read by its framing (or what arrived, with a problem, after `timeoutMs`).
 * The socket is then destroyed: every request gets a fresh connection.
 */
export function exchange(
  port: number,
  request: Buffer,
  method: string,
  timeoutMs: number,
): Promise<WireResponse> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (response: WireResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(response);
    };
    const timer = setTimeout(
      () => finish(partial(received, `no complete response within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const check = (closed: boolean) => {
      const state = progress(received, method, closed);
      if (state.done) finish(state.response);
      else if (closed) finish(partial(received, 'the connection closed before the response was complete'));
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      check(false);
    });
    socket.on('end', () => check(true));
    socket.on('close', () => check(true));
    socket.on('error', () => check(true));
    socket.write(request);
  });
}
