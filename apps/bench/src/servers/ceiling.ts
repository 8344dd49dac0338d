import { createServer, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { listenOn, type RunningServer, runWhenMain } from '../bench-server.js';
import { ECHO_BODY, HOST, SCALE_ID, TEXT_BODY, TEXT_TYPE, USER_PATH, userBody } from '../payloads.js';

/**
 * The ceiling: a node:net server that answers every `\r\n\r\n` it sees with canned bytes,
 * without parsing. No HTTP server on Node can beat it, so its req/s is the most a
 * framework could reach on this machine and this client. GETs only: bodies are not framed.
 */

const END_OF_HEAD = Buffer.from('\r\n\r\n');

type Canned = 'echo' | 'user' | 'text' | 'scale';

function response(type: string, body: Buffer, date: string, extra = ''): Buffer {
  const head =
    `HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n${extra}` +
    `Date: ${date}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

function cannedResponses(): Record<Canned, Buffer> {
  const date = new Date().toUTCString();
  return {
    echo: response(TEXT_TYPE, Buffer.from(ECHO_BODY), date),
    scale: response(TEXT_TYPE, Buffer.from(SCALE_ID), date),
    user: response(
      'application/json; charset=utf-8',
      Buffer.from(JSON.stringify(userBody('42'))),
      date,
      'x-bench: 1\r\n',
    ),
    text: response(
      TEXT_TYPE,
      gzipSync(TEXT_BODY),
      date,
      'Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n',
    ),
  };
}

// A load run asks one path on every request of a connection, so the first request line picks the answer.
function pick(firstChunk: Buffer): Canned {
  const line = firstChunk.toString('latin1', 0, Math.min(firstChunk.length, 64));
  if (line.includes(` ${USER_PATH} `)) return 'user';
  if (line.includes(' /text ')) return 'text';
  if (line.startsWith('GET /r')) return 'scale';
  return 'echo';
}

/** Counts the ends of request heads in `chunk`, given the last bytes of the previous chunk. */
function countHeads(tail: Buffer, chunk: Buffer): number {
  const joined = tail.length === 0 ? chunk : Buffer.concat([tail, chunk]);
  let count = 0;
  for (let at = joined.indexOf(END_OF_HEAD); at !== -1; at = joined.indexOf(END_OF_HEAD, at + 4)) count++;
  return count;
}

/** Starts the ceiling server. */
export async function start(port: number): Promise<RunningServer> {
  let canned = cannedResponses();
  const refresh = setInterval(() => {
    canned = cannedResponses();
  }, 1000);
  refresh.unref();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let kind: Canned | undefined;
    let tail: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      kind ??= pick(chunk);
      const count = countHeads(tail, chunk);
      tail = chunk.subarray(Math.max(0, chunk.length - 3));
      if (count === 0) return;
      const one = canned[kind];
      socket.write(count === 1 ? one : Buffer.concat(Array<Buffer>(count).fill(one)));
    });
  });
  const bound = await listenOn(server, port, HOST);
  return {
    port: bound,
    close: () =>
      new Promise((resolve) => {
        clearInterval(refresh);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

runWhenMain(import.meta.url, start);
