import { connect as connectTcp, Server as NetServer, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket, Server as TlsServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import {
  ClientError,
  createServer as createSkiffServer,
  type Handler,
  Server,
  type ServerOptions,
} from '../../src/index.js';
import { createServer, parseResponses, signal, within } from '../helpers/server.js';
import { certificate, NO_OPENSSL } from './certificate.js';

if (certificate === undefined) console.warn(`Skipping the TLS tests: ${NO_OPENSSL}`);
const tls = certificate ?? { key: '', cert: '' };

async function listenTls(
  handler: Handler,
  options: ServerOptions = {},
): Promise<{ server: Server; port: number }> {
  const server = createServer(handler, { ...options, tls });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

/** A TLS client that trusts the test certificate and collects what it reads. */
async function tlsClient(
  port: number,
): Promise<{ socket: TLSSocket; text: () => string; closed: Promise<string> }> {
  const socket = connectTls({
    port,
    host: '127.0.0.1',
    ca: tls.cert,
    servername: 'localhost',
    // An h2-capable client: the server's ALPN must make it fall back to HTTP/1.1.
    ALPNProtocols: ['h2', 'http/1.1'],
  });
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  socket.on('error', () => {});
  const closed = within(
    new Promise<string>((resolve) => socket.once('close', () => resolve(text))),
    'the TLS connection to close',
  );
  await within(new Promise((resolve) => socket.once('secureConnect', resolve)), 'the TLS handshake');
  return { socket, text: () => text, closed };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  await within(
    (async () => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
    })(),
    what,
  );
}

describe.skipIf(certificate === undefined).concurrent('HTTPS: the same engine over node:tls', () => {
  it('serves a request, and the request knows its socket is encrypted', async () => {
    const { port } = await listenTls((req, res) => {
      res.end(`${req.url} encrypted=${String((req.socket as Partial<TLSSocket>).encrypted)}`);
    });
    const client = await tlsClient(port);
    expect(client.socket.alpnProtocol).toBe('http/1.1');
    client.socket.write('GET /secret HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    const [response] = parseResponses(await client.closed);
    expect(response?.status).toBe(200);
    expect(response?.body).toBe('/secret encrypted=true');
  });

  it('keeps the connection alive between requests, and pipelines', async () => {
    const sockets = new Set<unknown>();
    const { port } = await listenTls((req, res) => {
      sockets.add(req.socket);
      res.end(req.url);
    });
    const client = await tlsClient(port);
    client.socket.write('GET /one HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => client.text().endsWith('/one'), 'the first response');
    client.socket.write('GET /two HTTP/1.1\r\nHost: x\r\n\r\nGET /three HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => client.text().endsWith('/three'), 'the pipelined responses');
    expect(parseResponses(client.text()).map((response) => response.body)).toEqual([
      '/one',
      '/two',
      '/three',
    ]);
    expect(sockets.size).toBe(1);
    client.socket.destroy();
  });

  it('answers a client that sends its request and its close_notify at once (half-close)', async () => {
    const { port } = await listenTls((_req, res) => setTimeout(() => res.end('late'), 10));
    const client = await tlsClient(port);
    client.socket.end('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const [response] = parseResponses(await client.closed);
    expect(response?.body).toBe('late');
  });

  it('destroys a connection whose handshake never starts, after handshakeTimeout', async () => {
    const { server, port } = await listenTls((_req, res) => res.end(), {
      handshakeTimeout: 50,
      connectionsCheckingInterval: 10,
    });
    const reported = signal<Error>();
    server.on('clientError', (error: Error) => reported.resolve(error));
    const socket = connectTcp(port, '127.0.0.1');
    socket.on('error', () => {});
    await within(new Promise((resolve) => socket.once('close', resolve)), 'the silent connection to close');
    const error = await within(reported.promise, 'a clientError');
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('HANDSHAKE_TIMEOUT');
  });

  it('destroys a connection that sends half a ClientHello, after handshakeTimeout', async () => {
    const { port } = await listenTls((_req, res) => res.end(), {
      handshakeTimeout: 50,
      connectionsCheckingInterval: 10,
    });
    const socket: Socket = connectTcp(port, '127.0.0.1');
    socket.on('error', () => {});
    // A TLS handshake record header announcing 512 bytes, and 4 of them.
    socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc]));
    await within(new Promise((resolve) => socket.once('close', resolve)), 'the stalled handshake to close');
  });

  it('still answers a head that does not arrive in time with 408, under TLS', async () => {
    const { port } = await listenTls((_req, res) => res.end(), {
      headersTimeout: 50,
      connectionsCheckingInterval: 10,
    });
    const client = await tlsClient(port);
    client.socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const [response] = parseResponses(await client.closed);
    expect(response?.status).toBe(408);
    expect(response?.header('connection')).toBe('close');
  });

  it('reports a failed handshake (plain HTTP on the HTTPS port) as tlsClientError, and closes', async () => {
    const { server, port } = await listenTls((_req, res) => res.end());
    const reported = signal<Error>();
    server.on('tlsClientError', (error: Error) => reported.resolve(error));
    const socket = connectTcp(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await within(new Promise((resolve) => socket.once('close', resolve)), 'the plain connection to close');
    expect((await within(reported.promise, 'a tlsClientError')).message).toMatch(
      /wrong version|http request/i,
    );
  });

  it('close() ends idle TLS connections and connections still in their handshake', async () => {
    const { server, port } = await listenTls((_req, res) => res.end('x'));
    const client = await tlsClient(port);
    client.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => client.text().endsWith('x'), 'the response');
    const silent = connectTcp(port, '127.0.0.1');
    silent.on('error', () => {});
    await within(new Promise((resolve) => silent.once('connect', resolve)), 'the TCP connection');
    await within(new Promise<void>((resolve) => server.close(() => resolve())), 'the server to close');
    await client.closed;
  });

  it('is a tls.Server, so clients pick https, and still an instance of its own class', () => {
    const secure = createSkiffServer(() => {}, { tls });
    const plain = createSkiffServer(() => {});
    class Sub extends Server {}
    const secureSub = new Sub(() => {}, { tls });
    expect(secure).toBeInstanceOf(TlsServer);
    expect(secure).toBeInstanceOf(NetServer);
    expect(secure).toBeInstanceOf(Server);
    expect(secure.secure).toBe(true);
    expect(plain).not.toBeInstanceOf(TlsServer);
    expect(plain).toBeInstanceOf(Server);
    expect(plain.secure).toBe(false);
    expect(secureSub).toBeInstanceOf(Sub);
    expect(secureSub).toBeInstanceOf(TlsServer);
    expect(secure).not.toBeInstanceOf(Sub);
    expect({}).not.toBeInstanceOf(Server);
  });

  it('injects into a TLS server in memory, with a socket that says encrypted', async () => {
    const server = createServer((req, res) => res.end(String((req.socket as Partial<TLSSocket>).encrypted)), {
      tls,
    });
    const response = await server.inject({ url: '/' });
    expect(response.body).toBe('true');
    expect(server.listening).toBe(false);
  });
});
