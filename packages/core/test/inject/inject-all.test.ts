import { describe, expect, it } from 'vitest';
import { createServer } from '../helpers/server.js';

describe.concurrent('injectAll(): pipelined requests on one in-memory connection', () => {
  it('answers raw pipelined requests in order, each with its own raw bytes', async () => {
    const server = createServer(async (req, res) => {
      // The first answers last: the order is the connection's, not the handlers'.
      if (req.url === '/slow') await new Promise((resolve) => setTimeout(resolve, 20));
      res.end(req.url);
    });
    const responses = await server.injectAll(
      'GET /slow HTTP/1.1\r\nHost: x\r\n\r\nHEAD /head HTTP/1.1\r\nHost: x\r\n\r\nGET /last HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(responses.map((response) => response.body)).toEqual(['/slow', '', '/last']);
    expect(responses[1]?.headers['content-length']).toBe('5');
    expect(
      responses.map((response) => response.raw.toString('latin1').startsWith('HTTP/1.1 200 OK\r\n')),
    ).toEqual([true, true, true]);
  });

  it('writes objects one after the other, on one connection', async () => {
    const ports = new Set<unknown>();
    const server = createServer((req, res) => {
      ports.add(req.socket);
      res.end(`${req.method} ${req.url}`);
    });
    const responses = await server.injectAll([{ url: '/a' }, { method: 'DELETE', url: '/b' }]);
    expect(responses.map((response) => response.body)).toEqual(['GET /a', 'DELETE /b']);
    expect(ports.size).toBe(1);
  });

  it('ends with the 400 of bytes the parser rejects, after the responses before them', async () => {
    const server = createServer((req, res) => res.end(req.url));
    const responses = await server.injectAll(
      'GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /bad HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
    );
    expect(responses.map((response) => response.statusCode)).toEqual([200, 400]);
    expect(responses[1]?.headers.connection).toBe('close');
  });

  it('stops after a Connection: close request, as the server does', async () => {
    const server = createServer((req, res) => res.end(req.url));
    const responses = await server.injectAll(
      'GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(responses.map((response) => response.body)).toEqual(['/a']);
    expect(responses[0]?.headers.connection).toBe('close');
  });

  it('reads a close-delimited body to the server close', async () => {
    const server = createServer((_req, res) => {
      res.write('streamed ');
      res.end('to the close');
    });
    const [response] = await server.injectAll('GET / HTTP/1.0\r\n\r\n');
    expect(response?.headers['transfer-encoding']).toBeUndefined();
    expect(response?.body).toBe('streamed to the close');
  });

  it('reads the interim 100 Continue into the raw bytes of the response after it', async () => {
    const server = createServer(async (req, res) => res.end(await req.readBody()));
    const [response] = await server.injectAll(
      'POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc',
    );
    expect(response?.statusCode).toBe(200);
    expect(response?.body).toBe('abc');
    expect(response?.raw.toString('latin1').startsWith('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK')).toBe(
      true,
    );
  });
});
