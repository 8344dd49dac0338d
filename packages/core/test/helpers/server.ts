import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterEach } from 'vitest';
import { createServer, type Handler, type Server, type ServerOptions } from '../../src/index.js';

const started: Server[] = [];

afterEach(async () => {
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

/** Starts a server on 127.0.0.1, port 0; it is closed after the test. */
export async function listen(
  handler: Handler,
  options: ServerOptions = {},
): Promise<{ server: Server; port: number }> {
  const server = createServer(handler, options);
  started.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** A raw client socket that collects everything it receives. */
export interface RawClient {
  socket: Socket;
  /** Everything received so far, as latin1. */
  received(): string;
  /** Resolves once the received text satisfies the predicate (or the socket closes). */
  waitFor(predicate: (text: string) => boolean): Promise<string>;
  /** Resolves with everything received when the server closes the connection. */
  closed(): Promise<string>;
  send(data: string | Buffer): void;
}

/** Opens a raw socket to the port. */
export async function rawClient(port: number): Promise<RawClient> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
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
  const waitFor = (predicate: (text: string) => boolean) =>
    new Promise<string>((resolve) => {
      const check = () => {
        if (predicate(text) || ended) resolve(text);
        else waiters.push(check);
      };
      check();
    });
  return {
    socket,
    received: () => text,
    waitFor,
    closed: () => waitFor(() => false),
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
  const responses: WireResponse[] = [];
  let offset = 0;
  while (offset < text.length) {
    const headEnd = text.indexOf('\r\n\r\n', offset);
    if (headEnd < 0) throw new Error(`Incomplete head: ${JSON.stringify(text.slice(offset, offset + 200))}`);
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
        body = text.slice(offset, offset + Number(length));
        offset += Number(length);
      } else if (lookup('transfer-encoding') === 'chunked') {
        for (;;) {
          const lineEnd = text.indexOf('\r\n', offset);
          const size = Number.parseInt(text.slice(offset, lineEnd), 16);
          offset = lineEnd + 2;
          if (size === 0) {
            offset = text.indexOf('\r\n', offset) + 2;
            break;
          }
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
  return responses;
}

/** A GET request with a Host header. */
export function get(target: string, extra = ''): string {
  return `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${extra}\r\n`;
}
