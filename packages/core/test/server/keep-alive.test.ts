import { describe, expect, it } from 'vitest';
import type { Handler } from '../../src/index.js';
import { exchange, get, listen, parseResponses, rawClient } from '../helpers/server.js';

const hello: Handler = (_req, res) => {
  res.end('hello');
};

describe('persistent connections', () => {
  it('keeps an HTTP/1.1 connection open across requests', async () => {
    const { port } = await listen((req, res) => res.end(`you asked for ${req.url}`));
    const client = await rawClient(port);
    client.send(get('/one'));
    await client.waitFor((text) => text.endsWith('/one'));
    client.send(get('/two'));
    const text = await client.waitFor((received) => received.endsWith('/two'));
    const responses = parseResponses(text);
    expect(responses.map((response) => response.body)).toEqual(['you asked for /one', 'you asked for /two']);
    expect(responses[0]?.header('connection')).toBeUndefined();
    client.socket.destroy();
  });

  it('closes after a request with Connection: close, and says so', async () => {
    const { port } = await listen(hello);
    const text = await exchange(port, get('/', 'Connection: close\r\n'));
    const [response] = parseResponses(text);
    expect(response?.header('connection')).toBe('close');
    expect(response?.body).toBe('hello');
  });

  it('ignores a request pipelined after Connection: close', async () => {
    let calls = 0;
    const { port } = await listen((_req, res) => {
      calls++;
      res.end('x');
    });
    const text = await exchange(port, get('/a', 'Connection: close\r\n') + get('/b'));
    expect(parseResponses(text)).toHaveLength(1);
    expect(calls).toBe(1);
  });

  it('closes an HTTP/1.0 connection unless it asked for keep-alive', async () => {
    const { port } = await listen(hello);
    const plain = parseResponses(await exchange(port, 'GET / HTTP/1.0\r\n\r\n'));
    expect(plain[0]?.header('connection')).toBe('close');

    const client = await rawClient(port);
    client.send('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    await client.waitFor((text) => text.endsWith('hello'));
    client.send('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    const text = await client.waitFor((received) => parseResponses(received).length === 2);
    const responses = parseResponses(text);
    expect(responses.map((response) => response.header('connection'))).toEqual(['keep-alive', 'keep-alive']);
    client.socket.destroy();
  });

  it('streams an HTTP/1.0 response of unknown length until the close', async () => {
    const { port } = await listen((_req, res) => {
      res.write('part one, ');
      res.end('part two');
    });
    const text = await exchange(port, 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    const [response] = parseResponses(text);
    expect(response?.header('transfer-encoding')).toBeUndefined();
    expect(response?.header('connection')).toBe('close');
    expect(response?.body).toBe('part one, part two');
  });

  it('closes after maxRequestsPerSocket requests', async () => {
    const { port } = await listen(hello, { maxRequestsPerSocket: 2 });
    const text = await exchange(port, get('/1') + get('/2') + get('/3'));
    const responses = parseResponses(text);
    expect(responses).toHaveLength(2);
    expect(responses[1]?.header('connection')).toBe('close');
  });

  it('closes when the app sets Connection: close', async () => {
    const { port } = await listen((_req, res) => {
      res.setHeader('Connection', 'close');
      res.end('bye');
    });
    const text = await exchange(port, get('/') + get('/again'));
    const responses = parseResponses(text);
    expect(responses).toHaveLength(1);
    expect(responses[0]?.headers.filter(([name]) => name.toLowerCase() === 'connection')).toHaveLength(1);
  });
});

describe('framing that forces a close', () => {
  it('closes after an HTTP/1.0 request with Transfer-Encoding, even with keep-alive', async () => {
    const { port } = await listen(async (req, res) => {
      res.end((await req.readBody()).toString());
    });
    const text = await exchange(
      port,
      'POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nGET / HTTP/1.0\r\n\r\n',
    );
    const responses = parseResponses(text);
    expect(responses).toHaveLength(1);
    expect(responses[0]?.body).toBe('ok');
    expect(responses[0]?.header('connection')).toBe('close');
  });
});
