import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { exchange, get, listen, parseResponses, rawClient } from '../helpers/server.js';

describe('closing and heads', () => {
  it('closes at once a connection whose head is half-received when close() is called', async () => {
    let calls = 0;
    const { server, port } = await listen((req, res) => {
      calls++;
      res.end(req.url);
    });
    const client = await rawClient(port);
    client.send('GET /late HTTP/1.1\r\n');
    await sleep(20);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await client.closed()).toBe('');
    await closed;
    expect(calls).toBe(0);
  });

  it('refuses a statusMessage changed after writeHead() to carry a header', async () => {
    const { server, port } = await listen((_req, res) => {
      res.writeHead(200);
      res.statusMessage = 'OK\r\nX-Injected: yes';
      res.end('body');
    });
    server.on('handlerError', () => {});
    const text = await exchange(port, get('/', 'Connection: close\r\n'));
    expect(text).not.toContain('X-Injected');
  });

  it('says Connection: close when the server closes, whatever Connection header the app set', async () => {
    const { port } = await listen((_req, res) => {
      res.setHeader('Connection', 'keep-alive');
      res.end('x');
    });
    const text = await exchange(port, get('/', 'Connection: close\r\n'));
    const [response] = parseResponses(text);
    expect(response?.headers.filter(([name]) => name.toLowerCase() === 'connection')).toEqual([
      ['Connection', 'close'],
    ]);
  });

  it('answers a handler failure with the reason phrase as body', async () => {
    const { server, port } = await listen(() => {
      throw new Error('boom');
    });
    server.on('handlerError', () => {});
    const [response] = parseResponses(await exchange(port, get('/', 'Connection: close\r\n')));
    expect(response?.body).toBe('Internal Server Error');
  });

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

describe('100-continue after writeHead()', () => {
  it('still sends 100 Continue when writeHead() came before reading the body', async () => {
    const { port } = await listen(async (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const body = await req.readBody();
      res.end(`got ${body.toString()}`);
    });
    const client = await rawClient(port);
    client.send(
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n',
    );
    await client.waitFor((text) => text.includes('100 Continue'));
    client.send('hi');
    const text = await client.closed();
    expect(text.startsWith('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK')).toBe(true);
    expect(text.endsWith('got hi')).toBe(true);
  });
});
