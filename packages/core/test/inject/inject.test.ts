import { describe, expect, it } from 'vitest';
import { InjectError } from '../../src/index.js';
import { createServer } from '../helpers/server.js';

describe.concurrent('inject(): one request, in memory, through the parser', () => {
  it('runs an object request and reads status, headers and body', async () => {
    const server = createServer((req, res) => {
      res.setHeader('X-Method', req.method);
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.end(`${req.url} from ${req.socket.remoteAddress}`);
    });
    const response = await server.inject({ method: 'PUT', url: '/path?q=1', remoteAddress: '10.0.0.7' });
    expect(response.statusCode).toBe(200);
    expect(response.statusMessage).toBe('OK');
    expect(response.httpVersion).toBe('1.1');
    expect(response.headers['x-method']).toBe('PUT');
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(response.rawHeaders).toContain('X-Method');
    expect(response.body).toBe('/path?q=1 from 10.0.0.7');
    expect(response.payload).toBe(response.body);
    expect(response.rawPayload).toEqual(Buffer.from(response.body));
    expect(response.raw.toString('latin1')).toMatch(
      /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n\/path\?q=1 from 10\.0\.0\.7$/,
    );
  });

  it('runs raw bytes, exactly as sent', async () => {
    const server = createServer((req, res) => res.end(JSON.stringify(req.rawHeaders)));
    const response = await server.inject('GET /raw HTTP/1.1\r\nhost: example\r\nX-Odd:  spaced \r\n\r\n');
    expect(response.json()).toEqual(['host', 'example', 'X-Odd', 'spaced']);
  });

  it('sends a JSON body with its Content-Type and Content-Length, a string as UTF-8, bytes as they are', async () => {
    const server = createServer(async (req, res) => {
      const body = await req.readBody();
      res.end(
        JSON.stringify({
          type: req.headers['content-type'],
          length: req.headers['content-length'],
          body: body.toString(),
        }),
      );
    });
    expect((await server.inject({ method: 'POST', body: { a: 'é' } })).json()).toEqual({
      type: 'application/json',
      length: '10',
      body: '{"a":"é"}',
    });
    expect(
      (
        await server.inject({ method: 'POST', body: 'héllo', headers: { 'content-type': 'text/plain' } })
      ).json(),
    ).toEqual({
      type: 'text/plain',
      length: '6',
      body: 'héllo',
    });
    expect((await server.inject({ method: 'POST', body: Buffer.from('bytes') })).json()).toMatchObject({
      length: '5',
    });
  });

  it('sends a body chunked when the headers say Transfer-Encoding: chunked', async () => {
    const server = createServer(async (req, res) => {
      const body = await req.readBody();
      res.end(`${req.headers['transfer-encoding']}:${req.headers['content-length']}:${body}`);
    });
    const response = await server.inject({
      method: 'POST',
      headers: { 'Transfer-Encoding': 'chunked' },
      body: 'abc',
    });
    expect(response.body).toBe('chunked:undefined:abc');
  });

  it('decodes a chunked response, and keeps the chunked bytes in raw', async () => {
    const server = createServer(async (_req, res) => {
      res.write('hello ');
      await new Promise((resolve) => setTimeout(resolve, 5));
      res.end('world');
    });
    const response = await server.inject({ url: '/' });
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.body).toBe('hello world');
    expect(response.raw.toString('latin1')).toMatch(/\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n$/);
  });

  it('reads no body for HEAD, whatever Content-Length says', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/plain');
      res.end('a body HEAD does not get');
    });
    const response = await server.inject({ method: 'HEAD', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBe('24');
    expect(response.body).toBe('');
    expect(response.raw.toString('latin1').endsWith('\r\n\r\n')).toBe(true);
  });

  it('carries large bodies both ways', async () => {
    const size = 1024 * 1024 + 7;
    const server = createServer(async (req, res) => {
      const body = await req.readBody(size);
      res.end(Buffer.concat([body, body]));
    });
    const sent = Buffer.alloc(size, 'x');
    const response = await server.inject({ method: 'POST', body: sent });
    expect(response.rawPayload.length).toBe(2 * size);
    expect(response.headers['content-length']).toBe(String(2 * size));
  });

  it('answers bytes the parser rejects with the 400 a socket gets, and the close', async () => {
    let called = false;
    const server = createServer((_req, res) => {
      called = true;
      res.end();
    });
    const response = await server.inject('GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n');
    expect(response.statusCode).toBe(400);
    expect(response.headers.connection).toBe('close');
    expect(called).toBe(false);
    const missingHost = await server.inject('GET / HTTP/1.1\r\n\r\n');
    expect(missingHost.statusCode).toBe(400);
  });

  it('answers a handler that throws with the 500 a socket gets', async () => {
    const server = createServer(() => {
      throw new Error('boom');
    });
    server.on('handlerError', () => {});
    const response = await server.inject({ url: '/' });
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('Internal Server Error');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('rejects with TIMEOUT when the handler never answers, and the server sees the client go', async () => {
    let aborted = false;
    const server = createServer((req) => {
      req.on('close', () => {
        aborted = true;
      });
    });
    const failure = await server.inject({ url: '/never' }, { timeout: 50 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InjectError);
    expect((failure as InjectError).code).toBe('TIMEOUT');
    expect((failure as InjectError).message).toMatch(
      /"GET \/never HTTP\/1\.1": no whole response within 50 ms.*res\.end\(\)/,
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(aborted).toBe(true);
  });

  it('lets the server end a handler that never answers, by its own handlerTimeout', async () => {
    const server = createServer(() => {}, { handlerTimeout: 30, connectionsCheckingInterval: 10 });
    const warning = new Promise((resolve) => process.once('warning', resolve));
    const response = await server.inject({ url: '/slow' });
    expect(response.statusCode).toBe(500);
    expect(response.headers.connection).toBe('close');
    await warning;
  });

  it('lets the server end a request whose head never ends, by its own headersTimeout', async () => {
    const server = createServer((_req, res) => res.end(), {
      headersTimeout: 30,
      connectionsCheckingInterval: 10,
    });
    const response = await server.inject('GET / HTTP/1.1\r\nHost: x\r\n');
    expect(response.statusCode).toBe(408);
  });

  it('says what it waits for when the input ends mid-request', async () => {
    const server = createServer((_req, res) => res.end());
    await expect(server.inject('GET / HTTP/1.1\r\nHost: x\r\n', { timeout: 30 })).rejects.toThrow(
      /ends in the middle of a request.*headersTimeout/,
    );
  });

  it('keeps Connection: close and HTTP/1.0 semantics in the response', async () => {
    const server = createServer((_req, res) => res.end('x'));
    const close = await server.inject({ headers: { Connection: 'close' } });
    expect(close.headers.connection).toBe('close');
    const keep = await server.inject({ url: '/' });
    expect(keep.headers.connection).toBeUndefined();
    const old = await server.inject('GET / HTTP/1.0\r\n\r\n');
    expect(old.httpVersion).toBe('1.1');
    expect(old.headers.connection).toBe('close');
  });

  it('refuses raw bytes holding several requests, and points to injectAll()', async () => {
    const server = createServer((_req, res) => res.end());
    await expect(
      server.inject('GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n'),
    ).rejects.toThrow(/2 pipelined requests: use injectAll\(\)/);
  });

  it('refuses an object that would not make one request', async () => {
    const server = createServer((_req, res) => res.end());
    await expect(server.inject({ url: '/a b' })).rejects.toThrow(/space or a control character/);
    await expect(server.inject({ headers: { 'X-A': 'b\r\nX-Smuggled: 1' } })).rejects.toThrow(
      /cannot be sent/,
    );
  });

  it('works on a server that is not listening, and after one that was closed', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const response = await server.inject({ url: '/' });
    expect(response.body).toBe('ok');
    expect(response.headers.connection).toBeUndefined();
  });

  it('gives the request a socket as a net.Socket has it', async () => {
    const server = createServer((req, res) => {
      const socket = req.socket;
      socket.setNoDelay(true);
      socket.setKeepAlive(true);
      socket.setTimeout(1000);
      socket.setTimeout(0);
      res.end(
        JSON.stringify({
          remoteAddress: socket.remoteAddress,
          remoteFamily: socket.remoteFamily,
          localAddress: socket.localAddress,
          encrypted: 'encrypted' in socket,
        }),
      );
    });
    expect((await server.inject({ url: '/' })).json()).toEqual({
      remoteAddress: '127.0.0.1',
      remoteFamily: 'IPv4',
      localAddress: '127.0.0.1',
      encrypted: false,
    });
  });
});
