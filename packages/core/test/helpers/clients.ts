import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_BOUND, onCleanup, type WaitOptions, within } from './server.js';

/** Clients that misbehave on purpose: too slow to send, too slow to read, or never reading. */

/** A trickle in progress: how far it got, and whether it finished. */
export interface Trickle {
  /** Bytes written so far. */
  sent(): number;
  /** Bytes to write in all. */
  readonly total: number;
  /** Resolves true once every byte went out, false when the socket closed first. */
  readonly done: Promise<boolean>;
}

/**
 * Writes `data` one byte every `interval` ms (a slowloris client). The loop runs at most once
 * per byte and stops as soon as the socket is closed or ended, or the test is over.
 */
export function trickle(socket: Socket, data: string | Buffer, interval = 10): Trickle {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  let sent = 0;
  let stopped = false;
  onCleanup(() => {
    stopped = true;
  });
  const done = (async () => {
    for (let index = 0; index < bytes.length; index++) {
      if (stopped || socket.destroyed || socket.writableEnded) return false;
      socket.write(bytes.subarray(index, index + 1));
      sent++;
      await sleep(interval);
    }
    return true;
  })();
  return { sent: () => sent, total: bytes.length, done };
}

/** A client that reads its socket at a set pace; see `slowReader`. */
export interface SlowReader {
  socket: Socket;
  /** Bytes read so far. */
  bytesRead(): number;
  /** Everything read so far. */
  data(): Buffer;
  /** True once the connection has closed. */
  isClosed(): boolean;
  /** Resolves once at least `count` bytes have been read in all (or the socket closed); rejects after the bound. */
  waitForBytes(count: number, options?: WaitOptions): Promise<Buffer>;
  /** Resolves with everything read once the connection closes; rejects after the bound. */
  closed(options?: WaitOptions): Promise<Buffer>;
}

/** The pace of a slow reader. */
export interface SlowReaderOptions {
  /** Bytes read per tick (a little more when a chunk straddles the budget). */
  bytesPerTick: number;
  /** Milliseconds between ticks. */
  interval: number;
  /**
   * Stop throttling once this many bytes have been read. The kernel's socket buffers hold the last
   * few MB of a response after the server flushed it; reading those at full speed keeps the time
   * between the server's flush and the client's next request short.
   */
  fullSpeedAfter?: number;
}

/**
 * Connects and reads at a steady pace: at most about `bytesPerTick` bytes each `interval` ms
 * (the socket is paused once a tick's budget is spent, and resumed by the next tick). Every byte
 * read is kept and counted. The ticking stops when the socket closes or the test is over.
 */
export async function slowReader(port: number, options: SlowReaderOptions): Promise<SlowReader> {
  const socket = connect({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const chunks: Buffer[] = [];
  let total = 0;
  let spentThisTick = 0;
  let ended = false;
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    total += chunk.length;
    spentThisTick += chunk.length;
    const throttled = options.fullSpeedAfter === undefined || total < options.fullSpeedAfter;
    if (throttled && spentThisTick >= options.bytesPerTick) socket.pause();
    wake();
  });
  socket.on('error', () => {});
  const ticker = setInterval(() => {
    spentThisTick = 0;
    socket.resume();
  }, options.interval);
  const stop = () => {
    clearInterval(ticker);
    ended = true;
    wake();
  };
  socket.on('close', stop);
  onCleanup(() => {
    clearInterval(ticker);
    socket.destroy();
  });
  const data = () => {
    if (chunks.length > 1) chunks.splice(0, chunks.length, Buffer.concat(chunks));
    return chunks[0] ?? Buffer.alloc(0);
  };
  const until = (done: () => boolean, what: string, waitOptions: WaitOptions = {}) =>
    within(
      new Promise<Buffer>((resolve) => {
        const check = () => {
          if (done() || ended) resolve(data());
          else waiters.push(check);
        };
        check();
      }),
      what,
      waitOptions.timeout ?? DEFAULT_BOUND,
      () => `read ${total} bytes so far${ended ? ', connection closed' : ''}`,
    );
  return {
    socket,
    bytesRead: () => total,
    data,
    isClosed: () => ended,
    waitForBytes: (count, waitOptions) => until(() => total >= count, `${count} bytes`, waitOptions),
    closed: (waitOptions) => until(() => false, 'the connection to close', waitOptions),
  };
}

/**
 * Connects and never reads: the socket is paused from the start, so what the server sends piles
 * up in the kernel's buffers and then in the server's. With `allowHalfOpen` (the default here) the
 * client's side also stays open after the server's FIN. The socket is destroyed after the test.
 */
export async function silentClient(port: number, options: { allowHalfOpen?: boolean } = {}): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: options.allowHalfOpen ?? true });
  socket.pause();
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  onCleanup(() => socket.destroy());
  return socket;
}
