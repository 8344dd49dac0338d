import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ECHO_PATH, HOST } from '../payloads.js';

/**
 * Opens many keep-alive connections to a server, sends one request on each and reads its
 * response, then leaves them idle: what a server holds for clients that stay connected.
 * Prints `IDLE_READY <open>` once done, and `IDLE_OPEN <open>` when stdin ends, then exits.
 */

/** Printed when the connections are open and idle. */
export const IDLE_READY = 'IDLE_READY ';
/** Printed when stdin ends: how many connections were still open. */
export const IDLE_OPEN = 'IDLE_OPEN ';

/** Connections being opened at once: enough to be quick, few enough not to flood the accept queue. */
const AT_ONCE = 100;
/** Time one connection may take to connect and answer. */
const CONNECTION_TIMEOUT_MS = 5000;

function openOne(port: number, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    const timer = setTimeout(() => socket.destroy(), CONNECTION_TIMEOUT_MS);
    const settle = () => {
      clearTimeout(timer);
      resolve();
    };
    socket.once('connect', () => socket.write(`GET ${ECHO_PATH} HTTP/1.1\r\nHost: ${HOST}:${port}\r\n\r\n`));
    socket.once('data', () => {
      sockets.add(socket);
      settle();
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      sockets.delete(socket);
      settle();
    });
  });
}

async function openAll(port: number, count: number): Promise<Set<Socket>> {
  const sockets = new Set<Socket>();
  let started = 0;
  const lane = async () => {
    while (started < count) {
      started++;
      await openOne(port, sockets);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, count) }, lane));
  return sockets;
}

async function main(port: number, count: number): Promise<void> {
  const sockets = await openAll(port, count);
  process.stdout.write(`${IDLE_READY}${sockets.size}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => {
    process.stdout.write(`${IDLE_OPEN}${sockets.size}\n`);
    for (const socket of sockets) socket.destroy();
    process.exit(0);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main(Number(process.argv[2]), Number(process.argv[3]));
}
