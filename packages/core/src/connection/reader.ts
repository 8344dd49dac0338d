import type { Socket } from 'node:net';

/** Why the socket is not being read; it is read again when no reason is left. */
export const PAUSED_FOR_BODY = 1;
/** Bytes of later requests wait behind the response in flight, past `maxPipelineBuffer`. */
export const PAUSED_FOR_PIPELINE = 2;
/** The client leaves its responses unread, past `maxOutputBuffer`. */
export const PAUSED_FOR_OUTPUT = 4;

/**
 * The reading side of a connection: when the socket is read, and the bytes of later
 * requests that wait, unparsed, for the response in flight.
 */
export class Reader {
  readonly #socket: Socket;
  readonly #maxHeld: number;
  #paused = 0;
  #held: Buffer | undefined;

  constructor(socket: Socket, maxHeld: number) {
    this.#socket = socket;
    this.#maxHeld = maxHeld;
  }

  /** True while bytes of later requests wait. */
  get holding(): boolean {
    return this.#held !== undefined;
  }

  /** True while the socket is paused for this reason. */
  pausedFor(reason: number): boolean {
    return (this.#paused & reason) !== 0;
  }

  /** True while the socket is paused for any reason. */
  get paused(): boolean {
    return this.#paused !== 0;
  }

  pause(reason: number): void {
    if (this.#paused === 0) this.#socket.pause();
    this.#paused |= reason;
  }

  resume(reason: number): void {
    if ((this.#paused & reason) === 0) return;
    this.#paused &= ~reason;
    if (this.#paused === 0 && !this.#socket.destroyed) this.#socket.resume();
  }

  /** Reads again whatever the reasons were (closing: the client's FIN or reset must be seen). */
  resumeAll(): void {
    this.#paused = 0;
    this.#socket.resume();
  }

  /**
   * Keeps bytes of requests that must wait; past the bound, the socket stops being read.
   * `owned`: the bytes are part of an earlier copy of the reader's, and are kept as they are.
   */
  hold(chunk: Buffer, owned: boolean): void {
    // A copy of a socket's read, not a view: a few pipelined bytes must not keep a whole read buffer alive.
    if (this.#held !== undefined) this.#held = Buffer.concat([this.#held, chunk]);
    else this.#held = owned ? chunk : Buffer.from(chunk);
    if (this.#held.length > this.#maxHeld) this.pause(PAUSED_FOR_PIPELINE);
  }

  /** Takes the held bytes, to be parsed now. */
  takeHeld(): Buffer | undefined {
    const held = this.#held;
    this.#held = undefined;
    this.resume(PAUSED_FOR_PIPELINE);
    return held;
  }

  /** Drops the held bytes: nothing more will be parsed. */
  dropHeld(): void {
    this.#held = undefined;
  }
}
