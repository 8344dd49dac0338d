import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import {
  createServer as createSkiffServer,
  type Handler,
  type Server,
  type ServerOptions,
} from '../../src/index.js';

/** How long a wait in a test may take before it fails, unless the test says otherwise. */
export const DEFAULT_BOUND = 3_000;

const started: Server[] = [];
const cleanups: (() => void)[] = [];
let running = 0;

// Tests of a `describe.concurrent` block share these hooks: what they started is cleaned up once no
// test is running any more, so that a test that ends first does not close the server of one still running.
beforeEach(() => {
  running++;
});

afterEach(async () => {
  running--;
  if (running > 0) return;
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(
    started.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          if (!server.listening) resolve();
          else server.close(() => resolve());
        }),
    ),
  );
});

/** Runs `cleanup` after the test (once no concurrent test is running). */
export function onCleanup(cleanup: () => void): void {
  cleanups.push(cleanup);
}

/** Creates a server that is not listening (for sockets handed over with `emit('connection')`); it is closed after the test. */
export function createServer(handler: Handler, options: ServerOptions = {}): Server {
  const server = createSkiffServer(handler, options);
  started.push(server);
  // Sockets handed to a 'connect' or 'upgrade' listener are no longer the server's to close: the
  // cleanup destroys them itself, or close() would wait for them.
  server.on('connection', (socket: Socket) => onCleanup(() => socket.destroy()));
  return server;
}

/** Starts a server on 127.0.0.1, port 0; it is closed after the test. */
export async function listen(
  handler: Handler,
  options: ServerOptions = {},
): Promise<{ server: Server; port: number }> {
  const server = createServer(handler, options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Rejects with `what` (and the `detail` of the moment, if given) when `promise` has not settled within `ms`. */
export function within<T>(
  promise: Promise<T>,
  what: string,
  ms: number = DEFAULT_BOUND,
  detail?: () => string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const extra = detail === undefined ? '' : `; ${detail()}`;
      reject(new Error(`Gave up after ${ms} ms waiting for ${what}${extra}`));
    }, ms);
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

/** Checks `condition` every `interval` ms until it holds; fails with `what` after `ms`. */
export async function poll(
  condition: () => boolean,
  what: string,
  ms: number = DEFAULT_BOUND,
  interval = 5,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Gave up after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** A promise with its resolve, for handlers and events that report back to the test. */
export function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** The server side of every connection the server accepts from now on, in order. */
export function acceptedSockets(server: Server): Socket[] {
  const sockets: Socket[] = [];
  server.on('connection', (socket: Socket) => sockets.push(socket));
  return sockets;
}

/** Resolves once the socket has closed; rejects after `ms`. */
export function socketClosed(socket: Socket, ms: number = DEFAULT_BOUND): Promise<void> {
  if (socket.closed) return Promise.resolve();
  return within(
    new Promise<void>((resolve) => socket.once('close', () => resolve())),
    'the socket to close',
    ms,
  );
}

/** Bounds a wait of a raw client. */
export interface WaitOptions {
  /** Milliseconds before the wait fails; `DEFAULT_BOUND` unless given. */
  timeout?: number;
}

/** A raw client socket that collects everything it receives. */
export interface RawClient {
  socket: Socket;
  /** Everything received so far, as latin1. */
  received(): string;
  /** True once the connection has closed. */
  isClosed(): boolean;
  /**
   * Resolves once the received text satisfies the predicate (or the socket closes); rejects after
   * the bound, with what was received so far in the message.
   */
  waitFor(predicate: (text: string) => boolean, options?: WaitOptions): Promise<string>;
  /**
   * Resolves with the responses received whole once there are `count` of them (fewer if the
   * connection closes first); rejects after the bound.
   */
  responses(count: number, options?: WaitOptions): Promise<WireResponse[]>;
  /** Resolves with everything received when the connection closes; rejects after the bound. */
  closed(options?: WaitOptions): Promise<string>;
  send(data: string | Buffer): void;
}

/**
 * Opens a raw socket to the port; it is destroyed after the test. With `allowHalfOpen`, the
 * client's side stays open after the server's FIN.
 */
export async function rawClient(port: number, options: { allowHalfOpen?: boolean } = {}): Promise<RawClient> {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: options.allowHalfOpen ?? false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  onCleanup(() => socket.destroy());
  let text = '';
  let ended = false;
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    wake();
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    ended = true;
    wake();
  });
  const until = (predicate: (text: string) => boolean) =>
    new Promise<string>((resolve) => {
      const check = () => {
        if (predicate(text) || ended) resolve(text);
        else waiters.push(check);
      };
      check();
    });
  const soFar = () => `received so far (${text.length} bytes): ${JSON.stringify(text.slice(0, 600))}`;
  return {
    socket,
    received: () => text,
    isClosed: () => ended,
    waitFor: (predicate, waitOptions) =>
      within(until(predicate), 'the expected bytes', waitOptions?.timeout, soFar),
    responses: async (count, waitOptions) =>
      completeResponses(
        await within(
          until((received) => completeResponses(received).length >= count),
          `${count} response(s)`,
          waitOptions?.timeout,
          soFar,
        ),
      ),
    closed: (waitOptions) =>
      within(
        until(() => false),
        'the connection to close',
        waitOptions?.timeout,
        soFar,
      ),
    send: (data) => {
      socket.write(data);
    },
  };
}

/** Sends the bytes on a new connection and returns all that comes back until the server closes it. */
export async function exchange(port: number, data: string | Buffer): Promise<string> {
  const client = await rawClient(port);
  client.send(data);
  return client.closed();
}

/** One response as read off the wire. */
export interface WireResponse {
  status: number;
  reason: string;
  /** Header names as sent, with values. */
  headers: [string, string][];
  /** Lookup by lower-case name (last one wins). */
  header(name: string): string | undefined;
  body: string;
}

/**
 * Splits received bytes into responses, framing bodies by Content-Length or chunked.
 * Responses to HEAD requests must be flagged, since their Content-Length frames nothing.
 */
export function parseResponses(text: string, headRequests: ReadonlySet<number> = new Set()): WireResponse[] {
  const { responses, rest } = splitResponses(text, headRequests);
  if (rest.length > 0) throw new Error(`Incomplete response: ${JSON.stringify(rest.slice(0, 200))}`);
  return responses;
}

/** The responses received whole so far; an incomplete last one is left out. Never throws on a partial response. */
export function completeResponses(
  text: string,
  headRequests: ReadonlySet<number> = new Set(),
): WireResponse[] {
  return splitResponses(text, headRequests).responses;
}

function splitResponses(
  text: string,
  headRequests: ReadonlySet<number>,
): { responses: WireResponse[]; rest: string } {
  const responses: WireResponse[] = [];
  let offset = 0;
  while (offset < text.length) {
    const start = offset;
    const incomplete = { responses, rest: text.slice(start) };
    const headEnd = text.indexOf('\r\n\r\n', offset);
    if (headEnd < 0) return incomplete;
    const lines = text.slice(offset, headEnd).split('\r\n');
    const statusLine = lines.shift() ?? '';
    const match = /^HTTP\/1\.1 (\d{3}) (.*)$/.exec(statusLine);
    if (!match) throw new Error(`Bad status line: ${JSON.stringify(statusLine)}`);
    const headers = lines.map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
    const lookup = (name: string) => headers.filter(([key]) => key.toLowerCase() === name).at(-1)?.[1];
    const status = Number(match[1]);
    let body = '';
    offset = headEnd + 4;
    const noBody = headRequests.has(responses.length) || status === 204 || status === 304 || status < 200;
    if (!noBody) {
      const length = lookup('content-length');
      if (length !== undefined) {
        if (offset + Number(length) > text.length) return incomplete;
        body = text.slice(offset, offset + Number(length));
        offset += Number(length);
      } else if (lookup('transfer-encoding') === 'chunked') {
        for (;;) {
          const lineEnd = text.indexOf('\r\n', offset);
          if (lineEnd < 0) return incomplete;
          const size = Number.parseInt(text.slice(offset, lineEnd), 16);
          if (Number.isNaN(size))
            throw new Error(`Bad chunk size: ${JSON.stringify(text.slice(offset, lineEnd))}`);
          offset = lineEnd + 2;
          if (size === 0) {
            const trailerEnd = text.indexOf('\r\n', offset);
            if (trailerEnd < 0) return incomplete;
            offset = trailerEnd + 2;
            break;
          }
          if (offset + size + 2 > text.length) return incomplete;
          body += text.slice(offset, offset + size);
          offset += size + 2;
        }
      } else {
        body = text.slice(offset);
        offset = text.length;
      }
    }
    responses.push({ status, reason: match[2] ?? '', headers, header: lookup, body });
  }
  return { responses, rest: '' };
}

/** A GET request with a Host header. */
export function get(target: string, extra = ''): string {
  return `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${extra}\r\n`;
}
