// A Skiff app behind a real nginx with upstream keep-alive: no 502 under load, X-Forwarded-*
// believed only as far as the app trusts the proxy, large bodies both ways.
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import skiff, { type App } from '@skiff/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNginx, type RunningNginx, startProxy } from './nginx.js';

const binary = findNginx();
/** The app's keep-alive outlasts nginx's upstream keep-alive: nginx, not the app, closes idle connections. */
const APP_KEEP_ALIVE_MS = 400;
const PROXY_KEEP_ALIVE_MS = 200;
const MIB = 1024 * 1024;

/** `size` bytes of a fixed pattern, in 64 KiB pieces. */
function* pattern(size: number): Generator<Buffer> {
  const piece = Buffer.alloc(64 * 1024);
  for (let index = 0; index < piece.length; index++) piece[index] = (index * 31) % 251;
  for (let sent = 0; sent < size; sent += piece.length)
    yield piece.subarray(0, Math.min(piece.length, size - sent));
}

function sha256(pieces: Iterable<Buffer>): string {
  const hash = createHash('sha256');
  for (const piece of pieces) hash.update(piece);
  return hash.digest('hex');
}

interface Answer {
  status: number;
  body: Buffer;
}

/** One request through the proxy, bounded by 10 s; `body` pieces are streamed. */
function send(
  url: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: Iterable<Buffer>;
    agent?: Agent;
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${options.path}`,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent, timeout: 10_000 },
      (res) => {
        const pieces: Buffer[] = [];
        res.on('data', (piece: Buffer) => pieces.push(piece));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(pieces) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${options.path}: no answer in 10 s`)));
    req.on('error', reject);
    for (const piece of options.body ?? []) req.write(piece);
    req.end();
  });
}

function appBehindProxy(trust: unknown): { app: App; connections: () => number } {
  const app = skiff({ keepAliveTimeout: APP_KEEP_ALIVE_MS });
  if (trust !== undefined) app.set('trust proxy', trust);
  let connections = 0;
  app.on('connection', () => {
    connections++;
  });
  app.get('/who', (req, res) => {
    res.json({
      ip: req.ip,
      ips: req.ips,
      protocol: req.protocol,
      hostname: req.hostname,
      secure: req.secure,
    });
  });
  app.post('/echo-count', (req, res) => {
    const hash = createHash('sha256');
    let length = 0;
    req.on('data', (piece: Buffer) => {
      length += piece.length;
      hash.update(piece);
    });
    req.on('end', () => res.json({ length, sha256: hash.digest('hex') }));
  });
  app.get('/download/:mib', (req, res) => {
    const pieces = pattern(Number(req.params.mib) * MIB);
    res.setHeader('Content-Type', 'application/octet-stream');
    const pump = (): void => {
      for (let next = pieces.next(); !next.done; next = pieces.next()) {
        if (!res.write(next.value)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  });
  return { app, connections: () => connections };
}

async function listening(app: App): Promise<number> {
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  return (app.address() as AddressInfo).port;
}

describe.skipIf(binary === undefined)(
  `behind nginx${binary === undefined ? ' (skipped: no nginx binary found; apt-get install nginx-light)' : ''}`,
  () => {
    let proxy: RunningNginx;
    let trusting: { app: App; connections: () => number };
    let trustingProxy: RunningNginx;
    let wary: { app: App; connections: () => number };

    beforeAll(async () => {
      // One hop trusted: nginx itself, not whatever X-Forwarded-For the client made up.
      trusting = appBehindProxy(1);
      wary = appBehindProxy(undefined);
      // As a proxy that terminates TLS would: the client's own X-Forwarded-Proto is replaced by https.
      const setup = { upstreamKeepAliveMs: PROXY_KEEP_ALIVE_MS, forwardedProto: 'https' };
      trustingProxy = await startProxy(binary as string, {
        ...setup,
        upstreamPort: await listening(trusting.app),
      });
      proxy = await startProxy(binary as string, { ...setup, upstreamPort: await listening(wary.app) });
    }, 15_000);

    afterAll(async () => {
      await Promise.all([proxy?.stop(), trustingProxy?.stop()]);
      trusting?.app.closeAllConnections();
      wary?.app.closeAllConnections();
      await Promise.all([trusting?.app.close(), wary?.app.close()]);
    });

    it('answers every request under concurrent load, idle gaps around both keep-alive timeouts included', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      const gaps = [0, 0, 120, 180, 230, 300, 0, 420];
      const statuses: number[] = [];
      const failures: string[] = [];
      const client = async (offset: number) => {
        for (let index = 0; index < 12; index++) {
          const gap = gaps[(index + offset) % gaps.length] ?? 0;
          if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
          try {
            // POST: nginx does not retry a non-idempotent request, so a race would show as a 502.
            const answer = await send(trustingProxy.url, {
              method: 'POST',
              path: '/echo-count',
              headers: { 'content-length': '5' },
              body: [Buffer.from('hello')],
              agent,
            });
            statuses.push(answer.status);
          } catch (error) {
            failures.push(String(error));
          }
        }
      };
      await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(client));
      agent.destroy();
      expect(failures).toEqual([]);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(statuses).toHaveLength(96);
      // Upstream keep-alive works: fewer connections than requests reached the app.
      expect(trusting.connections()).toBeLessThan(96);
      expect(await trustingProxy.errors()).not.toMatch(/upstream prematurely closed|reset by peer/);
    }, 20_000);

    it('believes X-Forwarded-* from the proxy the app trusts, and not beyond it', async () => {
      const headers = {
        host: 'shop.example',
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'gopher',
      };
      const trusted = JSON.parse((await send(trustingProxy.url, { path: '/who', headers })).body.toString());
      // nginx appends the address it saw (127.0.0.1) and replaces the proto with its own (https).
      expect(trusted).toEqual({
        ip: '127.0.0.1',
        ips: ['127.0.0.1'],
        protocol: 'https',
        hostname: 'shop.example',
        secure: true,
      });
      const untrusted = JSON.parse((await send(proxy.url, { path: '/who', headers })).body.toString());
      // Not trusted: the peer is nginx, and the Host is the one nginx sent upstream (the upstream's name).
      expect(untrusted).toEqual({
        ip: '127.0.0.1',
        ips: [],
        protocol: 'http',
        hostname: 'app',
        secure: false,
      });
    });

    it('passes a 24 MiB upload (buffered by nginx) and a 24 MiB download through', async () => {
      const size = 24 * MIB;
      const upload = await send(proxy.url, {
        method: 'POST',
        path: '/echo-count',
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
        body: pattern(size),
      });
      expect(upload.status).toBe(200);
      expect(JSON.parse(upload.body.toString())).toEqual({ length: size, sha256: sha256(pattern(size)) });

      // Chunked from the client: nginx buffers it and sends it on with a Content-Length.
      const chunked = await send(proxy.url, {
        method: 'POST',
        path: '/echo-count',
        headers: { 'transfer-encoding': 'chunked' },
        body: pattern(3 * MIB),
      });
      expect(JSON.parse(chunked.body.toString())).toEqual({
        length: 3 * MIB,
        sha256: sha256(pattern(3 * MIB)),
      });

      const download = await send(proxy.url, { path: '/download/24' });
      expect(download.status).toBe(200);
      expect(download.body.length).toBe(size);
      expect(sha256([download.body])).toBe(sha256(pattern(size)));
    }, 20_000);
  },
);
