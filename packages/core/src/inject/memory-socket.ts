import type { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';

/** Where an in-memory socket says it is, and what it does with the bytes the server writes. */
export interface MemorySocketOptions {
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** True to look like a TLS socket (`encrypted`), for a server that serves HTTPS. */
  readonly encrypted: boolean;
  /** Every chunk the server writes, in order. */
  readonly onOutput: (chunk: Buffer) => void;
  /** The server ended its side (its FIN). */
  readonly onEnd: () => void;
}

/**
 * A half-open, in-memory duplex that a Connection takes for a net.Socket: the client side is
 * `push()` (bytes in) and `push(null)` (its FIN); what the server writes goes to `onOutput`.
 * It has what Connection, Request and Response use of a socket (addresses, `setNoDelay`,
 * `setTimeout`, `setKeepAlive`, `cork`, `writableLength`, `destroy`, `end`, ...). The server
 * reads it at once, so a write never waits: the client is a fast reader.
 */
export class MemorySocket extends Duplex {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly remoteFamily: string;
  readonly localAddress = '127.0.0.1';
  /** 443 for a server that serves HTTPS, else 80. */
  readonly localPort: number;
  /** Present, as on a TLSSocket, only when the server serves HTTPS. */
  declare readonly encrypted?: true;
  bytesRead = 0;
  bytesWritten = 0;
  readonly #onOutput: (chunk: Buffer) => void;
  readonly #onEnd: () => void;
  #idleTimeout = 0;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(options: MemorySocketOptions) {
    super({ allowHalfOpen: true, decodeStrings: true });
    this.remoteAddress = options.remoteAddress;
    this.remotePort = options.remotePort;
    this.remoteFamily = options.remoteAddress.includes(':') ? 'IPv6' : 'IPv4';
    this.localPort = options.encrypted ? 443 : 80;
    if (options.encrypted) Object.defineProperty(this, 'encrypted', { value: true, enumerable: true });
    this.#onOutput = options.onOutput;
    this.#onEnd = options.onEnd;
  }

  /** Bytes from the client. */
  send(data: Buffer): void {
    this.bytesRead += data.length;
    this.#touch();
    this.push(data);
  }

  override _read(): void {
    // Bytes are pushed by `send()`; there is nothing to fetch.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bytesWritten += chunk.length;
    this.#touch();
    this.#onOutput(chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#onEnd();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#clearIdle();
    callback(error);
  }

  /** As net.Socket: there is no Nagle here. */
  setNoDelay(_noDelay?: boolean): this {
    return this;
  }

  /** As net.Socket: there are no keep-alive probes here. */
  setKeepAlive(_enable?: boolean, _initialDelay?: number): this {
    return this;
  }

  /** As net.Socket: `'timeout'` after `timeout` ms without a byte read or written; 0 turns it off. */
  setTimeout(timeout: number, callback?: () => void): this {
    this.#idleTimeout = timeout;
    if (callback !== undefined) {
      if (timeout === 0) this.off('timeout', callback);
      else this.once('timeout', callback);
    }
    this.#touch();
    return this;
  }

  /** The address the server would have accepted on. */
  address(): AddressInfo {
    return { address: this.localAddress, family: 'IPv4', port: this.localPort };
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  /** Never connecting: the socket is connected from the start. */
  get connecting(): boolean {
    return false;
  }

  /** As net.Socket: `'open'`, `'readOnly'`, `'writeOnly'` or `'closed'`. */
  get readyState(): string {
    if (this.destroyed) return 'closed';
    if (this.readableEnded) return this.writableEnded ? 'closed' : 'writeOnly';
    return this.writableEnded ? 'readOnly' : 'open';
  }

  #touch(): void {
    this.#clearIdle();
    if (this.#idleTimeout > 0 && !this.destroyed) {
      this.#idleTimer = setTimeout(() => this.emit('timeout'), this.#idleTimeout);
      this.#idleTimer.unref();
    }
  }

  #clearIdle(): void {
    if (this.#idleTimer === undefined) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }
}
