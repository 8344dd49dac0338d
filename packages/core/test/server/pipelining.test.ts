import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { exchange, get, listen, parseResponses, rawClient } from '../helpers/server.js';

describe('pipelining', () => {
  it('answers 100 requests sent in one write, in order', async () => {
    const { port } = await listen((req, res) => res.end(req.url));
    let batch = '';
    for (let index = 0; index < 100; index++) batch += get(`/${index}`);
    const client = await rawClient(port);
    client.send(batch);
    const text = await client.waitFor((received) => received.endsWith('/99'));
    const responses = parseResponses(text);
    expect(responses.map((response) => response.body)).toEqual(
      Array.from({ length: 100 }, (_, index) => `/${index}`),
    );
    client.socket.destroy();
  });

  it('keeps responses in request order when handlers finish out of order', async () => {
    const delays: Record<string, number> = { '/slow': 40, '/medium': 20, '/fast': 0 };
    const { port } = await listen(async (req, res) => {
      await sleep(delays[req.url] ?? 0);
      res.end(req.url);
    });
    const text = await exchange(port, get('/slow') + get('/medium') + get('/fast', 'Connection: close\r\n'));
    expect(parseResponses(text).map((response) => response.body)).toEqual(['/slow', '/medium', '/fast']);
  });

  it('sends every response finished within one read in one write', async () => {
    const { server, port } = await listen((req, res) => res.end(req.url));
    const writes: number[] = [];
    server.on('connection', (socket) => {
      const target = socket as unknown as {
        _writev: (...args: unknown[]) => void;
        _write: (...args: unknown[]) => void;
      };
      const writev = target._writev.bind(socket);
      const write = target._write.bind(socket);
      target._writev = (...args) => {
        writes.push(2);
        writev(...args);
      };
      target._write = (...args) => {
        writes.push(1);
        write(...args);
      };
    });
    const client = await rawClient(port);
    client.send(get('/a') + get('/b') + get('/c') + get('/d'));
    await client.waitFor((text) => text.endsWith('/d'));
    expect(writes).toHaveLength(1);
    client.socket.destroy();
  });

  it('reads a body and then the request after it', async () => {
    const { port } = await listen(async (req, res) => {
      const body = await req.readBody(1024);
      res.end(`${req.url}:${body.toString()}`);
    });
    const post = 'POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nGET /x HTTP';
    const chunked = 'POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
    const text = await exchange(port, post + chunked + get('/last', 'Connection: close\r\n'));
    expect(parseResponses(text).map((response) => response.body)).toEqual([
      '/p:GET /x HTTP',
      '/c:abc',
      '/last:',
    ]);
  });

  it('answers the valid request before a malformed one, then closes', async () => {
    let calls = 0;
    const { port } = await listen((req, res) => {
      calls++;
      res.end(req.url);
    });
    const text = await exchange(
      port,
      `${get('/ok')}GET /bad HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n${get('/never')}`,
    );
    const responses = parseResponses(text);
    expect(responses.map((response) => response.status)).toEqual([200, 400]);
    expect(responses[0]?.body).toBe('/ok');
    expect(responses[1]?.header('connection')).toBe('close');
    expect(calls).toBe(1);
  });
});

describe('encodings in one write', () => {
  it('keeps UTF-8 bodies intact among ASCII ones in a pipelined batch', async () => {
    const bodies: Record<string, string> = { '/a': 'plain', '/b': 'héllo wörld ✓', '/c': 'plain again' };
    const { port } = await listen((req, res) => res.end(bodies[req.url] ?? ''));
    const client = await rawClient(port);
    client.socket.setEncoding('utf8');
    client.send(get('/a') + get('/b') + get('/c', 'Connection: close\r\n'));
    const received = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      client.socket.removeAllListeners('data');
      client.socket.setEncoding('binary');
      client.socket.on('data', (chunk: string) => chunks.push(Buffer.from(chunk, 'binary')));
      client.socket.on('close', () => resolve(Buffer.concat(chunks)));
    });
    const text = received.toString('utf8');
    expect(text).toContain(`Content-Length: ${Buffer.byteLength(bodies['/b'] ?? '')}\r\n`);
    expect(text).toContain('\r\n\r\nhéllo wörld ✓HTTP/1.1 200 OK');
    expect(text.endsWith('plain again')).toBe(true);
  });
});
