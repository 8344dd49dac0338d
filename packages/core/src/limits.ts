/**
 * Every limit and timeout of a Skiff server, with its default. Where node:http has the
 * same knob, the name is node:http's. Sizes are in bytes, times in milliseconds; a time
 * of 0 turns that timeout off.
 */
export interface Limits {
  /** Largest header section (and trailer section) of a request; larger: 431. */
  maxHeaderSize: number;
  /** Most header fields in one request; more: 431. */
  maxHeaderCount: number;
  /** Longest request line; longer: 414. */
  maxRequestLineSize: number;
  /** Longest chunk-size line, extensions included; longer: 400. */
  maxChunkLineSize: number;
  /** Largest body that `request.readBody()` will buffer; larger: 413. Streams are not limited. */
  maxBodySize: number;
  /** Bytes of following requests held while a response is pending; past it, the socket stops being read. */
  maxPipelineBuffer: number;
  /** Response bytes a client may leave unread before its next requests stop being read. */
  maxOutputBuffer: number;
  /** Body bytes held for a handler that is not reading; past it, the socket stops being read. */
  maxBodyBuffer: number;
  /** Unread request body that is read and discarded after the response to keep the connection; more: close. */
  maxDrainSize: number;
  /** Time to receive a whole request head, from its first byte; then 408 and close. */
  headersTimeout: number;
  /** With `tls`: time from the TCP connection to a finished TLS handshake; then the socket is destroyed (no HTTP answer is possible yet). */
  handshakeTimeout: number;
  /** Time to receive a whole request, head and body, from its first byte; then 408 and close. The handler is not limited by it. */
  requestTimeout: number;
  /** Time an idle persistent connection is kept open between requests, from the moment the last response was flushed. */
  keepAliveTimeout: number;
  /** Time the server waits with bytes to send and no progress at all (a client that stopped reading); then the socket is destroyed. */
  sendTimeout: number;
  /** After the server's FIN is on the wire, how long it reads and discards until the client closes its side; then destroy. */
  lingeringTimeout: number;
  /** Time from a request's dispatch until its handler starts the response; then 500 and close, with a warning. 0: no limit (long-polls are legal). */
  handlerTimeout: number;
  /** How often timeouts are checked, for all connections at once. */
  connectionsCheckingInterval: number;
  /** Requests served on one connection before it is closed; 0 means no limit. */
  maxRequestsPerSocket: number;
  /** HTTP/1.1 requests must carry exactly one valid Host field; else 400. */
  requireHostHeader: boolean;
  /** Send a `Date` header on every response (RFC 9110 §6.6.1). */
  sendDate: boolean;
  /** After `close()`, how long in-flight requests may take before their sockets are destroyed; 0 waits for ever. */
  closeTimeout: number;
}

/** The defaults of every limit. */
export const defaultLimits: Readonly<Limits> = Object.freeze({
  maxHeaderSize: 16 * 1024,
  maxHeaderCount: 2000,
  maxRequestLineSize: 8 * 1024,
  maxChunkLineSize: 4 * 1024,
  maxBodySize: 1024 * 1024,
  maxPipelineBuffer: 64 * 1024,
  maxOutputBuffer: 64 * 1024,
  maxBodyBuffer: 64 * 1024,
  maxDrainSize: 64 * 1024,
  headersTimeout: 60_000,
  // node:tls waits 120 s; a handshake is two round trips, and a stalled one holds a socket and TLS state for nothing.
  handshakeTimeout: 10_000,
  requestTimeout: 300_000,
  keepAliveTimeout: 5_000,
  sendTimeout: 60_000,
  lingeringTimeout: 5_000,
  handlerTimeout: 0,
  connectionsCheckingInterval: 1_000,
  maxRequestsPerSocket: 0,
  requireHostHeader: true,
  sendDate: true,
  closeTimeout: 5_000,
});

/** Fills the limits the caller left out with the defaults, and checks the ones given. */
export function resolveLimits(given: Partial<Limits> = {}): Limits {
  const limits: Limits = { ...defaultLimits };
  for (const key of Object.keys(defaultLimits) as (keyof Limits)[]) {
    const value = given[key];
    if (value === undefined) continue;
    const expected = typeof defaultLimits[key];
    if (typeof value !== expected || (typeof value === 'number' && !(value >= 0))) {
      throw new TypeError(
        `Option ${key} must be a ${expected === 'number' ? 'number >= 0' : expected}, got ${String(value)}`,
      );
    }
    (limits as unknown as Record<string, unknown>)[key] = value;
  }
  return limits;
}
