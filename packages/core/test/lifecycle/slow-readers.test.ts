import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ServerOptions } from '../../src/index.js';
import { silentClient, slowReader } from '../helpers/clients.js';
import { acceptedSockets, get, listen, rawClient, signal, socketClosed } from '../helpers/server.js';

// Large enough that the loopback kernel buffers (a few MB) cannot absorb it: most of it waits in
// the server while the client reads.
const size = 16 * 1024 * 1024;
const body = Buffer.alloc(size, 'The quick brown fox jumps over the lazy dog. ');
// About 13 MB/s: 16 MiB take about 1.3 s, several times every timeout below.
const pace = { bytesPerTick: 256 * 1024, interval: 20 };
// The kernel wakes a blocked writer only once a good part of its send buffer (up to 4 MB) is free,
// so even a steady reader lets the server see progress only every 100 ms or so at this pace:
// sendTimeout must stay above that.
const shortTimeouts: ServerOptions = {
  connectionsCheckingInterval: 10,
  keepAliveTimeout: 100,
  lingeringTimeout: 100,
  sendTimeout: 300,
};

/** The head (as text) and the body that follows it, of the first response in `data`. */
function splitHead(data: Buffer): { head: string; body: Buffer } {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('No complete head');
  return { head: data.subarray(0, end).toString('latin1'), body: data.subarray(end + 4) };
}

describe.concurrent('slow readers get every byte', { timeout: 10_000 }, () => {
  it('a keep-alive client that reads slowly gets the whole body, and its next request is served', async () => {
    const { port } = await listen((req, res) => res.end(req.url === '/big' ? body : 'second'), shortTimeouts);
    // Throttled for the first half only: see fullSpeedAfter.
    const client = await slowReader(port, { ...pace, fullSpeedAfter: size / 2 });
    client.socket.write(get('/big'));
    const headLength = splitHead(await client.waitForBytes(1_000)).head.length + 4;
    const first = splitHead(await client.waitForBytes(headLength + size, { timeout: 8_000 }));
    expect(first.head).toMatch(/^HTTP\/1\.1 200 /);
    expect(first.head).not.toMatch(/connection: close/i);
    expect(first.body.length).toBeGreaterThanOrEqual(size);
    expect(first.body.subarray(0, size).equals(body)).toBe(true);
    // The idle clock started at the flush, not at res.end(): the connection is still open.
    const before = client.bytesRead();
    client.socket.write(get('/second'));
    const data = await client.waitForBytes(before + 1);
    expect(data.subarray(before).toString('latin1')).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('a client that reads slowly gets the whole body of a Connection: close response', async () => {
    const { port } = await listen((_req, res) => res.end(body), shortTimeouts);
    const client = await slowReader(port, pace);
    client.socket.write(get('/', 'Connection: close\r\n'));
    const response = splitHead(await client.closed({ timeout: 8_000 }));
    expect(response.head).toMatch(/connection: close/i);
    expect(response.body.length).toBe(size);
    expect(response.body.equals(body)).toBe(true);
  });

  it('an HTTP/1.0 client that reads slowly gets the whole body', async () => {
    const { port } = await listen((_req, res) => res.end(body), shortTimeouts);
    const client = await slowReader(port, pace);
    client.socket.write('GET / HTTP/1.0\r\n\r\n');
    const response = splitHead(await client.closed({ timeout: 8_000 }));
    expect(response.head).toMatch(/^HTTP\/1\.1 200 /);
    expect(response.body.length).toBe(size);
    expect(response.body.equals(body)).toBe(true);
  });

  it('a response streamed slowly but steadily by the handler is never cut', async () => {
    const { port } = await listen(async (_req, res) => {
      // About 600 ms in all: longer than sendTimeout and keepAliveTimeout.
      for (let piece = 0; piece < 30; piece++) {
        res.write(`piece ${piece}\n`);
        await sleep(20);
      }
      res.end('end\n');
    }, shortTimeouts);
    const client = await rawClient(port);
    client.send(get('/', 'Connection: close\r\n'));
    const text = await client.closed();
    expect(text).toContain('piece 29\n');
    expect(text).toContain('end\n');
    expect(text.endsWith('0\r\n\r\n')).toBe(true);
  });
});

describe('a client that stops reading', () => {
  it('is let go after sendTimeout, with a SEND_TIMEOUT clientError', async () => {
    const { server, port } = await listen((_req, res) => res.end(body), {
      connectionsCheckingInterval: 10,
      keepAliveTimeout: 10_000,
      lingeringTimeout: 10_000,
      sendTimeout: 100,
    });
    const sockets = acceptedSockets(server);
    const clientError = signal<{ code?: unknown }>();
    server.on('clientError', (error: { code?: unknown }) => clientError.resolve(error));
    const client = await silentClient(port);
    client.write(get('/'));
    await sleep(20);
    const [serverSide] = sockets;
    if (serverSide === undefined) throw new Error('The server saw no connection');
    await socketClosed(serverSide, 2_000);
    expect((await clientError.promise).code).toBe('SEND_TIMEOUT');
  });
});
