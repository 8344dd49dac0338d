import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { afterAll, beforeAll, expect } from 'vitest';
import { close, listen, sideBySide, urlOf } from './side-by-side.js';

/** A real upstream: echoes what it got as JSON. */
const upstream = createHttpServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    res.statusCode = req.url?.startsWith('/missing') ? 404 : 200;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('X-Upstream', 'echo');
    res.end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, body }));
  });
});

/** An upstream that accepts, reads the request's first bytes and drops the connection. */
const sockets = new Set<Socket>();
const dropping = createTcpServer((socket) => {
  sockets.add(socket);
  socket.once('data', () => socket.destroy());
  socket.once('close', () => sockets.delete(socket));
});

beforeAll(async () => {
  await listen(upstream);
  await listen(dropping);
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await close(upstream);
  await close(dropping);
});

/** The error page names the proxy's own host, whose port differs between the two sides. */
const anyPort = (body: string) => body.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');

sideBySide(
  'http-proxy-middleware to a real upstream, and to one that drops the connection',
  (app) => {
    app.use('/api', createProxyMiddleware({ target: urlOf(upstream), changeOrigin: true }));
    app.use('/broken', createProxyMiddleware({ target: urlOf(dropping), changeOrigin: true }));
    app.get('/alive', (_req, res) => {
      res.json({ alive: true });
    });
  },
  async ({ agent }) => {
    const proxied = await agent.get('/api/hello?x=1');
    expect(proxied.status).toBe(200);
    expect(proxied.headers['x-upstream']).toBe('echo');
    expect(proxied.body).toEqual({
      method: 'GET',
      url: '/hello?x=1',
      host: urlOf(upstream).slice(7),
      body: '',
    });

    const posted = await agent.post('/api/echo').type('json').send('{"streamed":true}');
    expect(posted.body).toMatchObject({ method: 'POST', url: '/echo', body: '{"streamed":true}' });

    const missing = await agent.get('/api/missing');
    expect(missing.status).toBe(404);

    // The upstream hung up: http-proxy-middleware's error handler answers 504, and the process lives on.
    const broken = await agent.get('/broken/thing');
    expect(broken.status).toBe(504);
    expect(broken.text).toMatch(/^Error occurred while trying to proxy: 127\.0\.0\.1:\d+\/thing$/);

    expect((await agent.get('/alive')).body).toEqual({ alive: true });
    expect((await agent.get('/api/again')).status).toBe(200);
  },
  {
    normalizeBody: anyPort,
    // The error page is sent by writeHead(504) then end(text): node:http fixes the framing at
    // writeHead() and goes chunked; Skiff writes the head with the body and sends its length.
    ignore: ['content-length', 'transfer-encoding'],
  },
);
