/**
 * Why the server gave up on a client, besides malformed input (which is a `ParseError`).
 * Each code maps to the status answered with, or undefined when the connection just closed.
 */
export const ClientErrorStatus = {
  /** The head did not arrive whole within `headersTimeout` of its first byte. */
  HEADERS_TIMEOUT: 408,
  /** The request did not arrive whole within `requestTimeout` of its first byte. */
  REQUEST_TIMEOUT: 408,
  /** The client took none of the response for `sendTimeout`. */
  SEND_TIMEOUT: undefined,
  /** With TLS: the handshake did not finish within `handshakeTimeout`; the socket is destroyed. */
  HANDSHAKE_TIMEOUT: undefined,
  /** The client closed its side (FIN) or reset in the middle of a request. */
  INCOMPLETE_REQUEST: 400,
  /** A CONNECT request, and no `'connect'` listener to take the tunnel. */
  CONNECT_NOT_SUPPORTED: 501,
} as const;

/** Name of one way a client can fail the server, besides malformed input. */
export type ClientErrorCode = keyof typeof ClientErrorStatus;

/** A client fault that is not a parse error: emitted as `'clientError'`, never printed. */
export class ClientError extends Error {
  readonly code: ClientErrorCode;
  /** The status the server answered with, if it could answer. */
  readonly status: number | undefined;

  constructor(code: ClientErrorCode, message: string) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
    this.status = ClientErrorStatus[code];
  }
}
