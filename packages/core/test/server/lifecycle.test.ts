import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Server } from '../../src/index.js';
import { get, listen, parseResponses, rawClient } from '../helpers/server.js';

/** A client that keeps its side open after the server's FIN, as a careless or hostile one might. */
async function stubbornClient(port: number): Promise<{ socket: Socket }> {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.on('data', () => {});
  socket.on('error', () => {});
  return { socket };
}

/** Closes the server; resolves true when its callback runs within `ms`. */
function closeWithin(server: Server, ms = 500): Promise<boolean> {
  return Promise.race([
    new Promise<boolean>((resolve) => server.close(() => resolve(true))),
    sleep(ms).then(() => false),
  ]);
}

describe('server lifecycle', () => {
  it('close() ends an idle connection whose client keeps its side open', async () => {
    const { server, port } = await listen((req, res) => res.end(req.url));
    const client = await stubbornClient(port);
    client.socket.write(get('/'));
    await sleep(20);
    expect(await closeWithin(server)).toBe(true);
    client.socket.destroy();
  });

  it('close() answers the request in flight with Connection: close and drops the pipelined ones', async () => {
    let finish: () => void = () => {};
    const calls: string[] = [];
    const { server, port } = await listen(async (req, res) => {
      calls.push(req.url);
      if (req.url === '/slow')
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
      res.end(req.url);
    });
    const client = await rawClient(port);
    client.send(get('/slow') + get('/second') + get('/third'));
    await sleep(20);
    const closing = closeWithin(server);
    finish();
    const responses = parseResponses(await client.closed());
    expect(responses.map((response) => response.body)).toEqual(['/slow']);
    expect(responses[0]?.header('connection')).toBe('close');
    expect(calls).toEqual(['/slow']);
    expect(await closing).toBe(true);
  });

  it('close() does not wait for a client that keeps its side open after its last response', async () => {
    let finish: () => void = () => {};
    const { server, port } = await listen(async (_req, res) => {
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      res.end('done');
    });
    const client = await stubbornClient(port);
    client.socket.write(get('/'));
    await sleep(20);
    const closing = closeWithin(server);
    finish();
    expect(await closing).toBe(true);
    client.socket.destroy();
  });

  it('lets go of a closed connection whose client never closes its side, after lingeringTimeout', async () => {
    const { server, port } = await listen((req, res) => res.end(req.url), {
      lingeringTimeout: 30,
      connectionsCheckingInterval: 10,
    });
    const client = await stubbornClient(port);
    client.socket.write(get('/', 'Connection: close\r\n'));
    // Bounded: the server lets go after about 30 ms; give it up to 500 ms.
    let count = 1;
    for (let round = 0; round < 50 && count > 0; round++) {
      await sleep(10);
      count = await new Promise<number>((resolve) => server.getConnections((_error, n) => resolve(n)));
    }
    expect(count).toBe(0);
    client.socket.destroy();
  });

  it('serves 200 connections at once', async () => {
    const { port } = await listen(async (req, res) => {
      await sleep(1);
      res.end(req.url);
    });
    const clients = await Promise.all(Array.from({ length: 200 }, () => rawClient(port)));
    for (const [index, client] of clients.entries()) client.send(get(`/${index}`, 'Connection: close\r\n'));
    const texts = await Promise.all(clients.map((client) => client.closed()));
    expect(texts.every((text, index) => parseResponses(text)[0]?.body === `/${index}`)).toBe(true);
  });
});
