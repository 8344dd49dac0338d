import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type * as TlsModule from 'node:tls';
import type { TlsOptions as NodeTlsOptions, SecureContext, SecureContextOptions, TLSSocket } from 'node:tls';

const require = createRequire(import.meta.url);
let tlsModule: typeof TlsModule | undefined;

/** node:tls, loaded by the first server with the `tls` option: a plain HTTP server never pays for it. */
function tls(): typeof TlsModule {
  tlsModule ??= require('node:tls') as typeof TlsModule;
  return tlsModule;
}

/**
 * TLS options of a server: node:tls's secure context (`key`, `cert`, `pfx`, `passphrase`,
 * `ca`, `ciphers`, `minVersion`, ...) and `SNICallback` for certificates per host name.
 */
export interface TlsOptions extends SecureContextOptions {
  /** Picks a secure context by the client's server name (SNI), as in `tls.createServer`. */
  SNICallback?: NodeTlsOptions['SNICallback'];
}

/** The one protocol this server speaks, offered by ALPN so that h2-capable clients fall back to it. */
const ALPN_PROTOCOLS = ['http/1.1'];

/**
 * The TLS side of a server: one secure context, made once, and a server-side TLSSocket around
 * each accepted TCP socket. The HTTP engine then reads and writes the TLSSocket as it would the
 * plain socket; the handshake's clock is the connection's (`handshakeTimeout`).
 */
export class SecureLayer {
  readonly #context: SecureContext;
  readonly #sniCallback: TlsOptions['SNICallback'];

  constructor(options: TlsOptions) {
    const { SNICallback, ...contextOptions } = options;
    this.#context = tls().createSecureContext(contextOptions);
    this.#sniCallback = SNICallback;
  }

  /** Wraps an accepted socket; it is half-open like the socket it wraps. */
  wrap(socket: Socket): TLSSocket {
    return new (tls().TLSSocket)(socket, {
      isServer: true,
      secureContext: this.#context,
      ALPNProtocols: ALPN_PROTOCOLS,
      ...(this.#sniCallback === undefined ? {} : { SNICallback: this.#sniCallback }),
    });
  }
}

/** Copies of a class's prototype chain that lead to tls.Server's, by the class's prototype. */
const securePrototypes = new WeakMap<object, object>();
/** The class prototype each copy was made from. */
const originals = new WeakMap<object, object>();

/**
 * The prototype a TLS server of class `prototype` gets: the same methods and accessors, over
 * tls.Server's prototype instead of net.Server's, so that `server instanceof tls.Server` is true.
 * Clients pick https by that test (supertest's `request(app)` does). Made once per class.
 * `below` is the prototype the copy stops at (net.Server's).
 */
export function securePrototypeOf(prototype: object, below: object): object {
  const known = securePrototypes.get(prototype);
  if (known !== undefined) return known;
  const chain: object[] = [];
  for (
    let link: object | null = prototype;
    link !== null && link !== below;
    link = Object.getPrototypeOf(link)
  ) {
    chain.push(link);
  }
  const copy = Object.create(tls().Server.prototype) as object;
  // From the base class down, so that a subclass's members win over the ones they override.
  for (const link of chain.reverse()) Object.defineProperties(copy, Object.getOwnPropertyDescriptors(link));
  securePrototypes.set(prototype, copy);
  originals.set(copy, prototype);
  return copy;
}

/** The class prototype a TLS server's copied prototype stands for; the object's own prototype otherwise. */
export function classPrototypeOf(value: object): object | null {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null ? null : (originals.get(prototype) ?? prototype);
}
