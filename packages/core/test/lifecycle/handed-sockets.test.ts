import type { AddressInfo } from 'node:net';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Server, ServerOptions } from '../../src/index.js';
import { createServer, get, onCleanup, parseResponses, rawClient } from '../helpers/server.js';

/**
 * A Skiff server that never listens, behind a plain net.Server of our own that hands it every
 * socket it accepts with `emit('connection', socket)`. Returns the port of the net.Server.
 */
async function handOver(options: ServerOptions): Promise<{ skiff: Server; port: number }> {
  const skiff = createServer((req, res) => res.end(req.url), options);
  const front: NetServer = createNetServer((socket) => skiff.emit('connection', socket));
  onCleanup(() => front.close());
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return { skiff, port: (front.address() as AddressInfo).port };
}

describe.concurrent('sockets handed over with emit("connection")', () => {
  it('are served', async () => {
    const { port } = await handOver({ connectionsCheckingInterval: 10 });
    const client = await rawClient(port);
    client.send(get('/handed'));
    const [response] = await client.responses(1);
    expect(response?.body).toBe('/handed');
    client.socket.destroy();
  });

  it('get 408 and the close when their head does not arrive within headersTimeout', async () => {
    const { port } = await handOver({ connectionsCheckingInterval: 10, headersTimeout: 100 });
    const client = await rawClient(port);
    client.send('GET / HTTP/1.1\r\nHost: x\r\n');
    const [response] = parseResponses(await client.closed({ timeout: 2_000 }));
    expect(response?.status).toBe(408);
    expect(response?.header('connection')).toBe('close');
  });

  it('are closed after keepAliveTimeout when idle', async () => {
    const { port } = await handOver({ connectionsCheckingInterval: 10, keepAliveTimeout: 100 });
    const client = await rawClient(port);
    client.send(get('/'));
    const text = await client.closed({ timeout: 2_000 });
    expect(parseResponses(text).map((response) => response.status)).toEqual([200]);
  });
});
