import { connect, type Socket } from 'node:net';
import { HOST } from '../payloads.js';
import { UPLOAD_SIZE } from './workload.js';

/**
 * The hostile clients, one function per kind, and the crowd that owns every socket of a
 * wave so that all of them can be destroyed at its end, whatever state they are in.
 */

/** Time a connection may take to connect, and an idle client's one request to be answered. */
const CONNECT_TIMEOUT_MS = 5000;
/** How often each slowloris client sends the next byte of its head. */
const DRIP_MS = 250;
/** What an upload writes, again and again, until its Content-Length is used up or the socket closes. */
const UPLOAD_CHUNK = Buffer.alloc(64 * 1024, 'u');

const GET = `GET /soak HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`;
/** A head that never ends: one header line, one more byte of its value every DRIP_MS. */
const SLOW_HEAD_START = `GET /slow HTTP/1.1\r\nHost: ${HOST}\r\nX-Slow: `;
const UPLOAD_HEAD = `POST /upload HTTP/1.1\r\nHost: ${HOST}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${UPLOAD_SIZE}\r\n\r\n`;

/** What the clients of a wave (or a round) did. */
export interface Tally {
  /** Connections that could not connect in time. */
  failed: number;
  idleOpened: number;
  /** Idle clients whose one GET was answered 200 with the whole body before they went idle. */
  idleAnswered: number;
  slowlorisOpened: number;
  /** Slowloris clients that got the server's 408 (the head timeout) before their socket closed. */
  slowlorisCut: number;
  pipelinersOpened: number;
  uploadsOpened: number;
  /** Uploads answered 200 (the handler answers without reading). */
  uploadsAnswered: number;
  /** Upload bytes handed to the sockets, over all uploads. */
  uploadBytes: number;
}

/** A tally of nothing yet. */
export function emptyTally(): Tally {
  return {
    failed: 0,
    idleOpened: 0,
    idleAnswered: 0,
    slowlorisOpened: 0,
    slowlorisCut: 0,
    pipelinersOpened: 0,
    uploadsOpened: 0,
    uploadsAnswered: 0,
    uploadBytes: 0,
  };
}

/** Adds `from` into `into`. */
export function addTally(into: Tally, from: Tally): void {
  for (const key of Object.keys(into) as (keyof Tally)[]) into[key] += from[key];
}

function ignore(): void {}

/** Every socket of one wave. Once `destroyAll()` ran, it opens nothing more. */
export class Crowd {
  readonly tally: Tally = emptyTally();
  readonly #port: number;
  readonly #sockets = new Set<Socket>();
  readonly #dripping = new Set<Socket>();
  #drip: NodeJS.Timeout | undefined;
  #over = false;

  constructor(port: number) {
    this.#port = port;
  }

  /** Connects to the server; resolves with the socket once connected, or undefined when it could not. */
  open(): Promise<Socket | undefined> {
    if (this.#over) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const socket = connect(this.#port, HOST);
      this.#sockets.add(socket);
      const timer = setTimeout(() => socket.destroy(), CONNECT_TIMEOUT_MS);
      let connected = false;
      // ECONNRESET and EPIPE are what hostile clients get; the 'close' that follows cleans up.
      socket.on('error', ignore);
      socket.once('connect', () => {
        clearTimeout(timer);
        connected = true;
        resolve(socket);
      });
      socket.once('close', () => {
        clearTimeout(timer);
        this.#sockets.delete(socket);
        this.#dripping.delete(socket);
        if (!connected) {
          this.tally.failed++;
          resolve(undefined);
        }
      });
    });
  }

  /** Sends `socket` one more byte of its head every DRIP_MS, until it closes. */
  drip(socket: Socket): void {
    this.#dripping.add(socket);
    this.#drip ??= setInterval(() => {
      for (const slow of this.#dripping) if (slow.writable) slow.write('a');
    }, DRIP_MS);
  }

  /** Destroys every socket, and opens no more. */
  destroyAll(): void {
    this.#over = true;
    clearInterval(this.#drip);
    for (const socket of this.#sockets) socket.destroy();
  }
}

/**
 * Resolves with the status of the next whole response on `socket` (head and Content-Length
 * body), or undefined when the socket closes or `timeoutMs` passes first.
 */
export function readResponse(socket: Socket, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    let head = '';
    let status: number | undefined;
    let bodyLeft = 0;
    const finish = (result: number | undefined) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      if (status === undefined) {
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end === -1) return;
        status = Number(head.slice(9, 12));
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head.slice(0, end));
        bodyLeft = Number(length?.[1] ?? 0) - (head.length - end - 4);
      } else {
        bodyLeft -= chunk.length;
      }
      if (bodyLeft <= 0) finish(status);
    };
    const onClose = () => finish(undefined);
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** Calls `onStatus` with the status of the first bytes `socket` gets, and discards the rest. */
function onFirstStatus(socket: Socket, onStatus: (status: number) => void): void {
  socket.once('data', (chunk: Buffer) => onStatus(Number(chunk.toString('latin1', 9, 12))));
  socket.resume();
}

/** A keep-alive connection that sends one GET, reads the whole answer, and then sits idle. */
export async function idleClient(crowd: Crowd): Promise<void> {
  const socket = await crowd.open();
  if (socket === undefined) return;
  crowd.tally.idleOpened++;
  socket.write(GET);
  const status = await readResponse(socket, CONNECT_TIMEOUT_MS);
  if (status === 200) crowd.tally.idleAnswered++;
  // Read on, so the server's FIN is seen (and answered with ours) when its keep-alive clock runs out.
  socket.resume();
}

/** A connection that starts a head and sends one byte of it every DRIP_MS, for ever. */
export async function slowlorisClient(crowd: Crowd): Promise<void> {
  const socket = await crowd.open();
  if (socket === undefined) return;
  crowd.tally.slowlorisOpened++;
  onFirstStatus(socket, (status) => {
    if (status === 408) crowd.tally.slowlorisCut++;
  });
  socket.write(SLOW_HEAD_START);
  crowd.drip(socket);
}

/** A connection that sends `requests` GETs in one write and reads none of the answers. */
export async function pipeliner(crowd: Crowd, requests: number): Promise<void> {
  const socket = await crowd.open();
  if (socket === undefined) return;
  crowd.tally.pipelinersOpened++;
  // Paused, the socket takes one buffer's worth and then leaves the rest in the kernel.
  socket.pause();
  socket.write(GET.repeat(requests));
}

/** A connection that announces a 50 MiB body and sends it as fast as the socket takes it, until it closes. */
export async function uploader(crowd: Crowd): Promise<void> {
  const socket = await crowd.open();
  if (socket === undefined) return;
  crowd.tally.uploadsOpened++;
  onFirstStatus(socket, (status) => {
    if (status === 200) crowd.tally.uploadsAnswered++;
  });
  socket.write(UPLOAD_HEAD);
  let sent = 0;
  const pump = () => {
    while (sent < UPLOAD_SIZE && socket.writable) {
      const size = Math.min(UPLOAD_CHUNK.length, UPLOAD_SIZE - sent);
      sent += size;
      crowd.tally.uploadBytes += size;
      if (!socket.write(size === UPLOAD_CHUNK.length ? UPLOAD_CHUNK : UPLOAD_CHUNK.subarray(0, size))) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

/** Runs `task` `count` times, at most `lanes` at once, starting none after `deadline`. */
export async function inLanes(
  count: number,
  lanes: number,
  deadline: number,
  task: () => Promise<void>,
): Promise<void> {
  let started = 0;
  const lane = async () => {
    while (started < count && Date.now() < deadline) {
      started++;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane));
}

/**
 * Well-behaved traffic before the baseline, so that the code the load runs is compiled
 * and its one-time caches filled: on each of `connections` keep-alive connections,
 * `gets` GETs and `posts` small POSTs, one at a time, then a clean close.
 */
export async function warmUp(port: number, connections: number, gets: number, posts: number): Promise<void> {
  const crowd = new Crowd(port);
  const smallBody = 'w'.repeat(1024);
  const post = `POST /warm HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: ${smallBody.length}\r\n\r\n${smallBody}`;
  const one = async () => {
    const socket = await crowd.open();
    if (socket === undefined) throw new Error('warm-up: could not connect to the server');
    for (let index = 0; index < gets + posts; index++) {
      socket.write(index < gets ? GET : post);
      const status = await readResponse(socket, CONNECT_TIMEOUT_MS);
      if (status !== 200) throw new Error(`warm-up: request ${index} got ${status ?? 'no answer'}`);
    }
    socket.end();
  };
  try {
    await Promise.all(Array.from({ length: connections }, one));
  } finally {
    crowd.destroyAll();
  }
}
