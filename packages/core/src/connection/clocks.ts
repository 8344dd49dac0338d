import type { Limits } from '../limits.js';

/**
 * The phases of a connection. Each timeout belongs to one phase, and its clock starts
 * at the event that opens that phase (see CONFORMANCE.md, "Phases and clocks").
 */
export type Phase =
  /** With TLS: accepted, the handshake not finished; no HTTP byte can arrive yet: `handshakeTimeout`. */
  | 'handshake'
  /** Between requests, every response flushed: `keepAliveTimeout`. */
  | 'idle'
  /** A message's first byte arrived, its head is not complete: `headersTimeout`. */
  | 'head'
  /** The head is dispatched, the body still arriving: `requestTimeout` from the first byte. */
  | 'body'
  /** The request is whole; the handler has not finished the response: `handlerTimeout` (off by default). */
  | 'responding'
  /** The response is finished, its bytes still leaving: only the send timeout. */
  | 'flushing'
  /** The server ends the connection; its last bytes and FIN are leaving: only the send timeout. */
  | 'closing'
  /** The server's FIN is on the wire; what the client still sends is discarded: `lingeringTimeout`. */
  | 'lingering'
  /** The socket is gone, or handed over (upgrade, CONNECT). */
  | 'closed';

/** The timeouts a phase can run out of. */
export type Expiry = 'handshake' | 'keepAlive' | 'headers' | 'request' | 'handler' | 'lingering';

/** The stamps the clocks run from. */
export interface Stamps {
  /** When the current phase began. */
  readonly phaseSince: number;
  /** When the first byte of the message in flight arrived. */
  readonly messageSince: number;
}

/** Which timeout of the phase has run out at `now`, if any; a limit of 0 never runs out. */
export function expiredClock(phase: Phase, stamps: Stamps, limits: Limits, now: number): Expiry | undefined {
  switch (phase) {
    case 'handshake':
      return over(limits.handshakeTimeout, now - stamps.phaseSince) ? 'handshake' : undefined;
    case 'idle':
      return over(limits.keepAliveTimeout, now - stamps.phaseSince) ? 'keepAlive' : undefined;
    case 'head':
      return over(limits.headersTimeout, now - stamps.phaseSince) ? 'headers' : undefined;
    case 'body':
      return over(limits.requestTimeout, now - stamps.messageSince) ? 'request' : undefined;
    case 'responding':
      return over(limits.handlerTimeout, now - stamps.phaseSince) ? 'handler' : undefined;
    case 'lingering':
      return over(limits.lingeringTimeout, now - stamps.phaseSince) ? 'lingering' : undefined;
    default:
      return undefined;
  }
}

function over(limit: number, elapsed: number): boolean {
  return limit > 0 && elapsed > limit;
}
