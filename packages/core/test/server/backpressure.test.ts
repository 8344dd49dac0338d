import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { get, listen, parseResponses, poll, rawClient } from '../helpers/server.js';

describe('backpressure', () => {
  it('stops reading from a client that never reads its responses', async () => {
    const body = 'x'.repeat(16 * 1024);
    let served = 0;
    const { server, port } = await listen((_req, res) => {
      served++;
      res.end(body);
    });
    let serverSocket: import('node:net').Socket | undefined;
    server.on('connection', (socket) => {
      serverSocket = socket;
    });
    const client = await rawClient(port);
    client.socket.pause();
    const batch = get('/').repeat(200);
    // Bounded: at most 200 writes of 200 requests, or until the server stops reading.
    for (let round = 0; round < 200; round++) {
      client.socket.write(batch);
      await sleep(2);
      if (serverSocket?.isPaused()) break;
    }
    await sleep(50);
    const servedWhenStopped = served;
    await sleep(50);
    expect(serverSocket?.isPaused()).toBe(true);
    expect(served).toBe(servedWhenStopped);
    expect(serverSocket?.writableLength ?? 0).toBeLessThan(8 * 1024 * 1024);
    client.socket.destroy();
  });
});

describe('pipeline buffer', () => {
  it('stops reading once maxPipelineBuffer bytes wait behind a slow response', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { server, port } = await listen(
      async (req, res) => {
        if (req.url === '/slow') await gate;
        res.end(req.url);
      },
      { maxPipelineBuffer: 4096 },
    );
    let serverSocket: import('node:net').Socket | undefined;
    server.on('connection', (socket) => {
      serverSocket = socket;
    });
    const client = await rawClient(port);
    client.send(get('/slow'));
    await sleep(10);
    const waiting = get('/next').repeat(500);
    client.send(waiting);
    await sleep(50);
    expect(serverSocket?.isPaused()).toBe(true);
    release();
    const text = await client.waitFor((received) => (received.match(/\/next/g) ?? []).length === 500);
    expect((text.match(/HTTP\/1\.1 200 OK/g) ?? []).length).toBe(501);
    client.socket.destroy();
  });
});

describe('drain', () => {
  it('emits drain to a handler that wrote past the buffer within the read that brought its request', async () => {
    const total = 1024 * 1024;
    const { port } = await listen(async (_req, res) => {
      const piece = 'x'.repeat(1000);
      for (let written = 0; written < total; written += piece.length) {
        if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    });
    const client = await rawClient(port);
    client.send(get('/', 'Connection: close\r\n'));
    const text = await client.closed();
    const [response] = parseResponses(text);
    expect(response?.body.length).toBeGreaterThanOrEqual(total);
  });
});

describe('a client that never reads its responses', () => {
  it('lets go of a client that pipelines but never reads its responses, after sendTimeout', async () => {
    const body = 'y'.repeat(256 * 1024);
    const { server, port } = await listen((_req, res) => res.end(body), {
      sendTimeout: 100,
      connectionsCheckingInterval: 10,
    });
    const serverSide = new Promise<import('node:net').Socket>((resolve) =>
      server.once('connection', resolve),
    );
    const client = await rawClient(port);
    client.socket.pause();
    client.send(get('/').repeat(40));
    const socket = await serverSide;
    // Bounded wait: the server must let go of the connection on its own.
    const closed = await Promise.race([
      new Promise<boolean>((resolve) => socket.once('close', () => resolve(true))),
      sleep(3000).then(() => false),
    ]);
    client.socket.destroy();
    expect(closed).toBe(true);
  });
});

describe('maxOutputBuffer below the socket high-water mark', () => {
  it('still answers every pipelined request once the client reads', async () => {
    // 8 MB of responses: more than loopback's socket buffers take while the client does not read.
    const count = 4000;
    // The keep-alive clock must not run while responses wait for the client.
    const { port } = await listen((_req, res) => setImmediate(() => res.end('x'.repeat(2000))), {
      maxOutputBuffer: 1024,
      keepAliveTimeout: 100,
      connectionsCheckingInterval: 10,
    });
    const client = await rawClient(port);
    client.socket.pause();
    client.send(get('/').repeat(count));
    await sleep(500);
    // Counted as they come: parsing 8 MB again on every read would be the slow part.
    let statusLines = 0;
    let tail = '';
    client.socket.on('data', (chunk: Buffer) => {
      const parts = (tail + chunk.toString('latin1')).split('HTTP/1.1 200');
      statusLines += parts.length - 1;
      tail = parts.at(-1) ?? '';
    });
    client.socket.resume();
    await poll(() => statusLines === count, 'every response', 5_000);
  });
});
