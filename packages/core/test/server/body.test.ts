import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { exchange, listen, parseResponses, rawClient } from '../helpers/server.js';

describe('request bodies', () => {
  it('streams a large body to the handler without the server holding it whole', async () => {
    const size = 8 * 1024 * 1024;
    let largestChunk = 0;
    const { port } = await listen(async (req, res) => {
      let total = 0;
      for await (const chunk of req) {
        total += chunk.length;
        largestChunk = Math.max(largestChunk, chunk.length);
      }
      res.end(String(total));
    });
    const client = await rawClient(port);
    client.send(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`);
    const piece = Buffer.alloc(64 * 1024, 120);
    for (let sent = 0; sent < size; sent += piece.length) {
      if (!client.socket.write(piece)) await new Promise((resolve) => client.socket.once('drain', resolve));
    }
    const [response] = parseResponses(await client.closed());
    expect(response?.body).toBe(String(size));
    expect(largestChunk).toBeLessThanOrEqual(256 * 1024);
  });

  it('pauses the socket while the handler does not read, and resumes when it does', async () => {
    let resume: () => void = () => {};
    const reading = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let pausedBeforeReading = false;
    const { port } = await listen(async (req, res) => {
      await reading;
      pausedBeforeReading = req.socket.isPaused();
      const body = await req.readBody(16 * 1024 * 1024);
      res.end(String(body.length));
    });
    const size = 4 * 1024 * 1024;
    const client = await rawClient(port);
    client.send(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`);
    client.socket.write(Buffer.alloc(size, 1));
    await sleep(100);
    resume();
    const [response] = parseResponses(await client.closed());
    expect(pausedBeforeReading).toBe(true);
    expect(response?.body).toBe(String(size));
  });

  it('sends 100 Continue when the handler starts reading', async () => {
    const { port } = await listen(async (req, res) => {
      const body = await req.readBody(1024);
      res.end(`got ${body.toString()}`);
    });
    const client = await rawClient(port);
    client.send(
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n',
    );
    await client.waitFor((text) => text.includes('100 Continue'));
    expect(client.received()).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    client.send('hello');
    const text = await client.closed();
    expect(text.slice('HTTP/1.1 100 Continue\r\n\r\n'.length)).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(text.endsWith('got hello')).toBe(true);
  });

  it('closes when it answers an Expect: 100-continue request without reading the body', async () => {
    const { port } = await listen((_req, res) => {
      res.statusCode = 401;
      res.end('no');
    });
    const text = await exchange(
      port,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n',
    );
    const [response] = parseResponses(text);
    expect(text).not.toContain('100 Continue');
    expect(response?.status).toBe(401);
    expect(response?.header('connection')).toBe('close');
  });

  it('drains a small unread body and keeps the connection', async () => {
    const { port } = await listen((req, res) => res.end(req.url));
    const text = await exchange(
      port,
      'POST /ignored HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(parseResponses(text).map((response) => response.body)).toEqual(['/ignored', '/next']);
  });

  it('closes instead of draining a large unread body', async () => {
    const { port } = await listen((req, res) => res.end(req.url), { maxDrainSize: 16 });
    const client = await rawClient(port);
    client.send('POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc');
    const text = await client.closed();
    const [response] = parseResponses(text);
    expect(response?.header('connection')).toBe('close');
  });

  it('fails the body stream with ECONNRESET when the client disconnects mid-body', async () => {
    let failure: unknown;
    let settled: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      settled = resolve;
    });
    const { port } = await listen(async (req) => {
      try {
        await req.readBody(1024 * 1024);
      } catch (error) {
        failure = error;
      }
      settled();
    });
    const client = await rawClient(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a little');
    await sleep(20);
    client.socket.destroy();
    await done;
    expect(failure).toMatchObject({ code: 'ECONNRESET' });
  });

  it('reads trailers of a chunked body', async () => {
    const { port } = await listen(async (req, res) => {
      const body = await req.readBody(1024);
      res.end(`${body.toString()}|${req.rawTrailers.join('=')}`);
    });
    const text = await exchange(
      port,
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n4\r\nwiki\r\n5;ext=1\r\npedia\r\n0\r\nX-Check: 42\r\n\r\n',
    );
    expect(parseResponses(text)[0]?.body).toBe('wikipedia|X-Check=42');
  });

  it('answers 413 from readBody when the body is over the limit', async () => {
    const { port } = await listen(async (req, res) => {
      try {
        await req.readBody(10);
        res.end('read');
      } catch (error) {
        res.statusCode = (error as { status: number }).status;
        res.end('too big');
      }
    });
    const text = await exchange(
      port,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\nConnection: close\r\n\r\n01234567890123456789',
    );
    expect(parseResponses(text)[0]?.status).toBe(413);
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
