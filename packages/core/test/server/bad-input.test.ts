import { describe, expect, it } from 'vitest';
import { exchange, get, listen, parseResponses } from '../helpers/server.js';

interface BadCase {
  name: string;
  request: string;
  status: number;
  options?: Record<string, number | boolean>;
}

const cases: BadCase[] = [
  { name: 'garbage request line', request: 'HELLO\r\n\r\n', status: 400 },
  { name: 'HTTP/2.0', request: 'GET / HTTP/2.0\r\nHost: x\r\n\r\n', status: 505 },
  { name: 'space before colon', request: 'GET / HTTP/1.1\r\nHost : x\r\n\r\n', status: 400 },
  { name: 'obs-fold', request: 'GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n', status: 400 },
  { name: 'missing Host', request: 'GET / HTTP/1.1\r\n\r\n', status: 400 },
  { name: 'two Hosts', request: 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', status: 400 },
  {
    name: 'signed Content-Length',
    request: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\na',
    status: 400,
  },
  {
    name: 'Content-Length with Transfer-Encoding',
    request: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    status: 400,
  },
  {
    name: 'unknown transfer coding',
    request: 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n',
    status: 501,
  },
  {
    name: 'request line over the limit',
    request: `GET /${'a'.repeat(300)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    status: 414,
    options: { maxRequestLineSize: 256 },
  },
  {
    name: 'header section over the limit',
    request: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(600)}\r\n\r\n`,
    status: 431,
    options: { maxHeaderSize: 512 },
  },
];

describe('malformed requests', () => {
  for (const { name, request, status, options } of cases) {
    it(`${name}: ${status} with Connection: close, handler never called`, async () => {
      let calls = 0;
      const { port } = await listen((_req, res) => {
        calls++;
        res.end('ok');
      }, options);
      const text = await exchange(port, request);
      const responses = parseResponses(text);
      expect(responses).toHaveLength(1);
      expect(responses[0]?.status).toBe(status);
      expect(responses[0]?.header('connection')).toBe('close');
      expect(calls).toBe(0);
    });
  }

  it('accepts a request without Host when requireHostHeader is false', async () => {
    const { port } = await listen((_req, res) => res.end('fine'), { requireHostHeader: false });
    const [response] = parseResponses(await exchange(port, 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n'));
    expect(response?.status).toBe(200);
  });

  it('a bad chunk mid-body fails the body stream and answers 400', async () => {
    let bodyError: unknown;
    const { port } = await listen(async (req, res) => {
      try {
        await req.readBody(1024);
        res.end('read');
      } catch (error) {
        bodyError = error;
      }
    });
    const text = await exchange(
      port,
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nZZ\r\nnope\r\n0\r\n\r\n',
    );
    expect(parseResponses(text)[0]?.status).toBe(400);
    expect(bodyError).toMatchObject({ code: 'INVALID_CHUNK_SIZE' });
  });

  it('one bad client does not disturb another', async () => {
    const { port } = await listen((req, res) => res.end(req.url));
    const [bad, good] = await Promise.all([
      exchange(port, 'NOT HTTP AT ALL\r\n\r\n'),
      exchange(port, get('/fine', 'Connection: close\r\n')),
    ]);
    expect(parseResponses(bad)[0]?.status).toBe(400);
    expect(parseResponses(good)[0]?.body).toBe('/fine');
  });
});

describe('handler failures', () => {
  it('answers 500 when a handler throws, and keeps serving', async () => {
    const { server, port } = await listen((req, res) => {
      if (req.url === '/throw') throw new Error('boom');
      res.end('alive');
    });
    const errors: unknown[] = [];
    server.on('handlerError', (error: unknown) => errors.push(error));
    const text = await exchange(port, get('/throw') + get('/next', 'Connection: close\r\n'));
    const responses = parseResponses(text);
    expect(responses.map((response) => response.status)).toEqual([500, 200]);
    expect(responses[0]?.body).not.toContain('boom');
    expect(errors).toHaveLength(1);
  });

  it('answers 500 when a handler rejects', async () => {
    const { server, port } = await listen(async () => {
      await Promise.resolve();
      throw new Error('async boom');
    });
    server.on('handlerError', () => {});
    const [response] = parseResponses(await exchange(port, get('/', 'Connection: close\r\n')));
    expect(response?.status).toBe(500);
  });

  it('destroys the socket when a handler throws after the head was sent', async () => {
    const { server, port } = await listen((_req, res) => {
      res.write('partial');
      throw new Error('too late');
    });
    server.on('handlerError', () => {});
    // Whatever part of the response reached the client, it never looks complete.
    const text = await exchange(port, get('/'));
    expect(text).not.toContain('0\r\n\r\n');
    expect(text).not.toContain('500');
  });
});
