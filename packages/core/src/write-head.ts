import { httpDate } from './date-cache.js';
import { statusText } from './status-codes.js';

/** One header as the app set it: the name in its own case, and its value(s). */
export interface HeaderEntry {
  readonly name: string;
  readonly value: string | readonly string[];
}

/** Everything the head of one response depends on. */
export interface HeadSpec {
  readonly status: number;
  readonly reason: string | undefined;
  readonly headers: Iterable<HeaderEntry>;
  /** Content-Length to add (the app set none), as decided by `decideFraming`. */
  readonly addContentLength: number | undefined;
  /** Add `Transfer-Encoding: chunked`. */
  readonly addChunked: boolean;
  /** Connection header to add: `close`, `keep-alive` (HTTP/1.0 only) or nothing. */
  readonly connection: 'close' | 'keep-alive' | undefined;
  /** Add a Date header. */
  readonly sendDate: boolean;
}

const statusLines = new Map<number, string>();

/** `HTTP/1.1 200 OK\r\n`, worked out once per status. */
function statusLine(status: number, reason: string | undefined): string {
  if (reason !== undefined) return `HTTP/1.1 ${status} ${reason}\r\n`;
  let line = statusLines.get(status);
  if (line === undefined) {
    // As node:http writes a code it has no phrase for.
    line = `HTTP/1.1 ${status} ${statusText(status) ?? 'unknown'}\r\n`;
    statusLines.set(status, line);
  }
  return line;
}

/**
 * The one place that serialises a response head. Headers go out exactly as the app set
 * them (names in their case, values untouched); this adds only the framing fields that
 * `decideFraming` asked for, `Connection`, and `Date`. Names and values were validated when set.
 */
export function writeHead(spec: HeadSpec): string {
  let head = statusLine(spec.status, spec.reason);
  for (const { name, value } of spec.headers) {
    if (typeof value === 'string') {
      head += `${name}: ${value}\r\n`;
    } else {
      for (const item of value) head += `${name}: ${item}\r\n`;
    }
  }
  if (spec.addContentLength !== undefined) head += `Content-Length: ${spec.addContentLength}\r\n`;
  else if (spec.addChunked) head += 'Transfer-Encoding: chunked\r\n';
  if (spec.connection === 'close') head += 'Connection: close\r\n';
  else if (spec.connection === 'keep-alive') head += 'Connection: keep-alive\r\n';
  if (spec.sendDate) head += `Date: ${httpDate()}\r\n`;
  return `${head}\r\n`;
}

/** The interim response that tells a client to send the body it held back. */
export const CONTINUE_HEAD = 'HTTP/1.1 100 Continue\r\n\r\n';

/**
 * A complete plain-text response for a request refused by the server itself (parse
 * error, timeout, handler failure); the connection closes after it unless told not to.
 */
export function writeCannedResponse(status: number, sendDate: boolean, close = true): string {
  const body = statusText(status) ?? `Error ${status}`;
  return (
    writeHead({
      status,
      reason: undefined,
      headers: [{ name: 'Content-Type', value: 'text/plain; charset=utf-8' }],
      addContentLength: Buffer.byteLength(body),
      addChunked: false,
      connection: close ? 'close' : undefined,
      sendDate,
    }) + body
  );
}
