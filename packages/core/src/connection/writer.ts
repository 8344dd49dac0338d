import type { Socket } from 'node:net';

const EMPTY = Buffer.alloc(0);

/** The part of libuv's stream handle that tells how much of a write is still queued. */
interface QueuedHandle {
  readonly writeQueueSize?: number;
}

/**
 * Everything written to one socket goes through here. Responses finished during one read
 * are gathered into one string and written at the end of the read in one piece (what makes
 * pipelining fast); writes that cannot join the batch cork the socket so they still leave
 * with it. It also watches the socket's progress, for the send timeout.
 */
export class Writer {
  readonly #socket: Socket;
  readonly #maxBatch: number;
  readonly #onDrainOwed: () => void;
  /** Response bytes (strings) gathered during one read. */
  #batch = '';
  #batching = false;
  /** The batch holds a non-ASCII string, so it is written as UTF-8. */
  #batchUtf8 = false;
  /** The socket was corked during this read, for a write the batch could not take. */
  #corked = false;
  /** A batched write reported a full buffer: the writer that saw it is owed a 'drain'. */
  #drainOwed = false;
  /** What the socket still held at the last progress check, and when it last moved. */
  #lastQueued = 0;
  #lastLength = 0;
  #lastProgressAt = 0;

  /** Calls `onDrainOwed` when a write told to wait can go on although the socket emits no 'drain'. */
  constructor(socket: Socket, maxBatch: number, onDrainOwed: () => void) {
    this.#socket = socket;
    this.#maxBatch = maxBatch;
    this.#onDrainOwed = onDrainOwed;
  }

  /** True while a read's responses are being gathered. */
  get batching(): boolean {
    return this.#batching;
  }

  /** Bytes written but not yet taken by the kernel, batch included. */
  get pendingBytes(): number {
    return this.#socket.writableLength + this.#batch.length;
  }

  /** Starts gathering writes; `endBatch()` sends them in one write. */
  beginBatch(): void {
    this.#batching = true;
  }

  /** Sends what the read gathered. */
  endBatch(): void {
    this.#batching = false;
    this.flush();
    if (this.#corked) {
      this.#corked = false;
      this.#socket.uncork();
    }
  }

  /** Groups the writes that follow into one socket write, until `uncork()`; a read's batch already does. */
  cork(): void {
    if (!this.#batching) this.#socket.cork();
  }

  /** Ends a `cork()`. */
  uncork(): void {
    if (!this.#batching) this.#socket.uncork();
  }

  /** Writes bytes; false when the socket's buffer is full (a 'drain' will follow). */
  write(data: string | Uint8Array, encoding?: BufferEncoding, callback?: () => void): boolean {
    const socket = this.#socket;
    if (socket.destroyed || socket.writableEnded) {
      if (callback !== undefined) process.nextTick(callback);
      return false;
    }
    // Strings marked 'ascii' are ASCII by the caller's word, so they read the same as Latin-1 or UTF-8.
    if (
      this.#batching &&
      typeof data === 'string' &&
      callback === undefined &&
      (encoding === 'ascii' || encoding === 'utf8')
    ) {
      if (encoding === 'utf8') this.#batchUtf8 = true;
      this.#batch += data;
      if (this.#batch.length > this.#maxBatch) this.flush();
      // Report the socket's real state; whoever sees false here is owed a 'drain' (see flush).
      const ok = socket.writableLength + this.#batch.length < socket.writableHighWaterMark;
      if (!ok) this.#drainOwed = true;
      return ok;
    }
    // A write that cannot join the batch (a Buffer, a callback): cork, so it still leaves with the
    // batch in one write at the end of the read. Most reads never get here, and pay for no cork.
    if (this.#batching && !this.#corked) {
      this.#corked = true;
      socket.cork();
    }
    this.flush();
    return encoding === undefined ? socket.write(data, callback) : socket.write(data, encoding, callback);
  }

  /** Hands the batch to the socket now. */
  flush(): void {
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = '';
    const encoding = this.#batchUtf8 ? 'utf8' : 'latin1';
    this.#batchUtf8 = false;
    const socket = this.#socket;
    if (socket.destroyed || socket.writableEnded) return;
    // A one-byte string goes to the socket as a copy; UTF-8 is paid for only when a body needs it.
    const ok = socket.write(batch, encoding);
    if (ok && this.#drainOwed) {
      // The socket took the whole batch at once, so it will emit no 'drain' of its own: a writer
      // that was told to wait gets one here.
      this.#drainOwed = false;
      process.nextTick(this.#onDrainOwed);
    }
  }

  /** The socket emitted 'drain'. */
  drained(): void {
    this.#drainOwed = false;
  }

  /**
   * Calls `callback` once every byte written so far has left for the kernel: at once when
   * nothing waits, else after the socket's queue (the batch must have been flushed).
   */
  whenFlushed(callback: () => void): void {
    if (this.pendingBytes === 0) callback();
    else this.write(EMPTY, undefined, callback);
  }

  /**
   * How long the socket has had bytes to send and sent none of them. Progress is seen in
   * libuv's own queue, which shrinks as the kernel takes pieces of a large write, so a
   * client that reads slowly but steadily never looks stalled. Called by the timeout sweep.
   */
  stalledFor(now: number): number {
    const socket = this.#socket;
    const length = socket.writableLength;
    if (length === 0) {
      this.#lastProgressAt = 0;
      return 0;
    }
    const queued = (socket as unknown as { _handle?: QueuedHandle | null })._handle?.writeQueueSize ?? length;
    if (this.#lastProgressAt === 0 || length < this.#lastLength || queued < this.#lastQueued) {
      this.#lastProgressAt = now;
    }
    this.#lastLength = length;
    this.#lastQueued = queued;
    return now - this.#lastProgressAt;
  }
}
