import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { Request } from '../../src/index.js';
import { listen, parseResponses, rawClient, signal, within } from '../helpers/server.js';

const connectRequest = 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n';
const upgradeRequest = 'GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n';

describe.concurrent('CONNECT', () => {
  it('without a connect listener: an error status and the close, never the handler', async () => {
    let calls = 0;
    const { port } = await listen((_req, res) => {
      calls++;
      res.end('tunnel');
    });
    const client = await rawClient(port);
    client.send(connectRequest);
    const [response] = parseResponses(await client.closed({ timeout: 2_000 }));
    expect(response?.status).toBeGreaterThanOrEqual(400);
    expect(response?.header('connection')).toBe('close');
    expect(calls).toBe(0);
  });

  it('with a connect listener: the listener gets the request, the socket and the bytes after the head', async () => {
    let calls = 0;
    const { server, port } = await listen((_req, res) => {
      calls++;
      res.end();
    });
    const seen = signal<{ method: string; url: string; head: string }>();
    server.on('connect', (req: Request, socket: Socket, head: Buffer) => {
      seen.resolve({ method: req.method, url: req.url, head: head.toString('latin1') });
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      socket.write(head);
      socket.on('data', (chunk) => socket.write(chunk));
      socket.on('end', () => socket.end());
    });
    const client = await rawClient(port);
    client.send(`${connectRequest}ping`);
    await client.waitFor((text) => text.endsWith('ping'));
    client.send('pong');
    const text = await client.waitFor((received) => received.endsWith('pong'));
    expect(text).toBe('HTTP/1.1 200 Connection Established\r\n\r\npingpong');
    expect(await within(seen.promise, 'the connect event')).toEqual({
      method: 'CONNECT',
      url: 'example.com:443',
      head: 'ping',
    });
    expect(calls).toBe(0);
  });
});

describe.concurrent('upgrade', () => {
  it('with an upgrade listener: the listener gets the request, the socket and the bytes after the head', async () => {
    let calls = 0;
    const { server, port } = await listen((_req, res) => {
      calls++;
      res.end();
    });
    const seen = signal<{ url: string; head: string }>();
    server.on('upgrade', (req: Request, socket: Socket, head: Buffer) => {
      seen.resolve({ url: req.url, head: head.toString('latin1') });
      socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n');
      socket.on('data', (chunk) => socket.write(chunk));
      socket.on('end', () => socket.end());
    });
    const client = await rawClient(port);
    client.send(`${upgradeRequest}hello`);
    await client.waitFor((text) => text.includes('\r\n\r\n'));
    client.send('again');
    const text = await client.waitFor((received) => received.endsWith('again'));
    expect(text).toMatch(/^HTTP\/1\.1 101 /);
    expect(await within(seen.promise, 'the upgrade event')).toEqual({ url: '/chat', head: 'hello' });
    expect(calls).toBe(0);
  });

  it('without an upgrade listener: the handler serves the request as usual', async () => {
    const { port } = await listen((req, res) => res.end(`served ${req.url}`));
    const client = await rawClient(port);
    client.send(upgradeRequest);
    const [response] = await client.responses(1);
    expect(response?.status).toBe(200);
    expect(response?.body).toBe('served /chat');
  });

  it('leaves no error listener of its own on the socket it hands over', async () => {
    const handed = signal<Socket>();
    const { server, port } = await listen((_req, res) => res.end('not upgraded'));
    server.on('upgrade', (_req: Request, socket: Socket) => handed.resolve(socket));
    const client = await rawClient(port);
    client.send(upgradeRequest);
    const socket = await within(handed.promise, 'the upgrade event');
    expect(socket.listenerCount('error')).toBe(0);
    expect(socket.listenerCount('data')).toBe(0);
    socket.destroy();
  });

  it("ws's handleUpgrade works on a Skiff server: one message echoed", async () => {
    const { server, port } = await listen((_req, res) => res.end('not a websocket'));
    const wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req: Request, socket: Socket, head: Buffer) => {
      wss.handleUpgrade(req as unknown as IncomingMessage, socket, head, (ws) => {
        ws.on('message', (message, isBinary) => ws.send(message, { binary: isBinary }));
      });
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket`);
    try {
      const reply = await within(
        new Promise<string>((resolve, reject) => {
          ws.once('open', () => ws.send('hello over ws'));
          ws.once('message', (data) => resolve(String(data)));
          ws.once('error', reject);
        }),
        'the echo',
        2_000,
      );
      expect(reply).toBe('hello over ws');
    } finally {
      ws.terminate();
      wss.close();
    }
  });
});
