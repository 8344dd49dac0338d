import { describe, expect, it } from 'vitest';
import type { HeaderValue, Request } from '../../src/index.js';
import { get, listen, parseResponses, rawClient, signal, within } from '../helpers/server.js';

const invalidFraming: { name: string; header: string; value: HeaderValue; onWire: string }[] = [
  {
    name: 'a transfer coding other than chunked',
    header: 'Transfer-Encoding',
    value: 'gzip',
    onWire: 'gzip',
  },
  { name: 'a hexadecimal Content-Length', header: 'Content-Length', value: '0x5', onWire: '0x5' },
  { name: 'a decimal-point Content-Length', header: 'Content-Length', value: '5.0', onWire: '5.0' },
  {
    name: 'a repeated Content-Length',
    header: 'Content-Length',
    value: ['5', '5'],
    onWire: 'Content-Length: 5',
  },
];

describe.concurrent('framing set by the app is checked', () => {
  for (const { name, header, value, onWire } of invalidFraming) {
    it(`${name} gets a 500, none of the invalid head on the wire, and a handlerError`, async () => {
      const { server, port } = await listen((_req, res) => {
        res.setHeader(header, value);
        res.end('hello');
      });
      const failure = signal<{ error: unknown; url: string }>();
      server.on('handlerError', (error: unknown, request: Request) =>
        failure.resolve({ error, url: request.url }),
      );
      const client = await rawClient(port);
      client.send(get('/framing', 'Connection: close\r\n'));
      const text = await client.closed();
      const [response] = parseResponses(text);
      expect(response?.status).toBe(500);
      expect(response?.body).not.toContain('hello');
      expect(text).not.toContain(onWire);
      const reported = await within(failure.promise, 'the handlerError event');
      expect(reported.error).toBeInstanceOf(Error);
      expect(reported.url).toBe('/framing');
    });
  }
});

describe.concurrent('a handler that fails after writeHead()', () => {
  it('gets a 500 when nothing was written yet, not a reset', async () => {
    const { server, port } = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      throw new Error('failed after writeHead');
    });
    server.on('handlerError', () => {});
    const client = await rawClient(port);
    client.send(get('/', 'Connection: close\r\n'));
    const [response] = parseResponses(await client.closed());
    expect(response?.status).toBe(500);
  });
});

describe('a body shorter than the Content-Length the app set', () => {
  it('ends the connection, and the requests pipelined behind it are never dispatched', async () => {
    const calls: string[] = [];
    const { port } = await listen((req, res) => {
      calls.push(req.url);
      if (req.url !== '/short') {
        res.end('second');
        return;
      }
      res.setHeader('Content-Length', '10');
      res.write('abc');
      res.end();
    });
    const client = await rawClient(port);
    client.send(`${get('/short')}POST /delete-everything HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`);
    const text = await client.closed();
    expect(text.endsWith('abc')).toBe(true);
    expect(calls).toEqual(['/short']);
  });
});
