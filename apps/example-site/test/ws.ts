import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import type { Site } from '../src/app.js';

/** Every wait in these tests ends by this time. */
export const WAIT_MS = 2000;

/** Resolves as `promise` does, or rejects naming `what` once `ms` have passed. */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts the site on 127.0.0.1, port 0, and returns its `ws://` base URL. */
export async function listen(site: Site): Promise<string> {
  await within(new Promise<void>((resolve) => site.app.listen(0, '127.0.0.1', () => resolve())), 'listen');
  return `ws://127.0.0.1:${(site.app.address() as AddressInfo).port}`;
}

/** A client connected to `url`, once its handshake is done. */
export function connect(url: string): Promise<WebSocket> {
  const client = new WebSocket(url);
  return within(
    new Promise((resolve, reject) => {
      client.once('open', () => resolve(client));
      client.once('error', reject);
    }),
    `connect to ${url}`,
  );
}

/** The next text message the client gets. */
export function nextMessage(client: WebSocket): Promise<string> {
  return within(
    new Promise((resolve) => client.once('message', (data) => resolve(String(data)))),
    'a message',
  );
}

/** The code and reason the client's socket closes with. */
export function closed(client: WebSocket): Promise<{ code: number; reason: string }> {
  return within(
    new Promise((resolve) =>
      client.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    ),
    'the close',
  );
}
