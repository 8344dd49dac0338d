import { brotliDecompressSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import skiff, { type CompressOptions, compress } from '@skiff/router';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { rawRequest } from './helpers/raw.js';

const long = 'hello world, '.repeat(200);

function app(options?: CompressOptions) {
  const server = skiff();
  server.use(compress(options));
  server.get('/text', (_req, res) => res.type('text/plain').send(long));
  server.get('/echo/:word', (req, res) => res.type('text/plain').send(req.params.word));
  server.get('/png', (_req, res) => res.type('image/png').send(Buffer.alloc(4096)));
  server.get('/none', (_req, res) => res.status(204).end());
  server.get('/not-modified', (_req, res) => res.status(304).type('text/plain').end());
  server.get('/encoded', (_req, res) =>
    res.type('text/plain').set('Content-Encoding', 'gzip').send(gzipSync(long)),
  );
  server.get('/stream', (_req, res) => {
    res.type('text/plain');
    res.write(long);
    res.write(long);
    res.end('end');
  });
  return server;
}

describe('compress', () => {
  it('gzips a whole body with the exact Content-Length and Vary', async () => {
    const res = await rawRequest(app(), 'GET', '/text', { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(long.length);
    expect(gunzipSync(res.body).toString()).toBe(long);
  });

  it('uses deflate and br when asked, and gzip at equal q', async () => {
    const deflate = await rawRequest(app(), 'GET', '/text', { 'Accept-Encoding': 'deflate' });
    expect(deflate.headers['content-encoding']).toBe('deflate');
    expect(inflateSync(deflate.body).toString()).toBe(long);
    const br = await rawRequest(app(), 'GET', '/text', { 'Accept-Encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(long);
    const tie = await rawRequest(app(), 'GET', '/text', { 'Accept-Encoding': 'br, deflate, gzip' });
    expect(tie.headers['content-encoding']).toBe('gzip');
    const weighted = await rawRequest(app(), 'GET', '/text', { 'Accept-Encoding': 'gzip;q=0.5, br;q=0.9' });
    expect(weighted.headers['content-encoding']).toBe('br');
  });

  it('sends identity for identity, q=0, unknown codings and no header', async () => {
    for (const header of ['identity', 'gzip;q=0, br;q=0, deflate;q=0', 'invalid-encoding', undefined]) {
      const res = await rawRequest(
        app(),
        'GET',
        '/text',
        header === undefined ? {} : { 'Accept-Encoding': header },
      );
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.toString()).toBe(long);
      expect(res.headers.vary).toBe('Accept-Encoding');
    }
    const star = await rawRequest(app(), 'GET', '/text', { 'Accept-Encoding': '*' });
    expect(star.headers['content-encoding']).toBe('gzip');
    const notGzip = await rawRequest(app(), 'GET', '/text', { 'Accept-Encoding': 'gzip;q=0, *' });
    expect(notGzip.headers['content-encoding']).toBe('br');
  });

  it('leaves small bodies alone unless the threshold is lowered', async () => {
    const small = await rawRequest(app(), 'GET', '/echo/abc', { 'Accept-Encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString()).toBe('abc');
    const tiny = await rawRequest(app({ threshold: 0 }), 'GET', '/echo/abc', {
      'Accept-Encoding': 'invalid-1, gzip, invalid-2',
    });
    expect(tiny.headers['content-encoding']).toBe('gzip');
    expect(Number(tiny.headers['content-length'])).toBe(tiny.body.length);
    expect(gunzipSync(tiny.body).toString()).toBe('abc');
  });

  it('does nothing for HEAD, 204, incompressible types and bodies already encoded', async () => {
    const head = await request(app()).head('/text').set('Accept-Encoding', 'gzip');
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.headers['content-length']).toBe(String(long.length));
    expect(head.headers.vary).toBe('Accept-Encoding');
    const none = await rawRequest(app(), 'GET', '/none', { 'Accept-Encoding': 'gzip' });
    expect([none.status, none.headers['content-encoding']]).toEqual([204, undefined]);
    const notModified = await rawRequest(app({ threshold: 0 }), 'GET', '/not-modified', {
      'Accept-Encoding': 'gzip',
    });
    expect([notModified.status, notModified.headers['content-encoding'], notModified.body.length]).toEqual([
      304,
      undefined,
      0,
    ]);
    const headStreamed = await request(app()).head('/stream').set('Accept-Encoding', 'gzip');
    expect([headStreamed.status, headStreamed.headers['content-encoding']]).toEqual([200, undefined]);
    const png = await rawRequest(app(), 'GET', '/png', { 'Accept-Encoding': 'gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.length).toBe(4096);
    const encoded = await rawRequest(app(), 'GET', '/encoded', { 'Accept-Encoding': 'gzip' });
    expect(encoded.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(encoded.body).toString()).toBe(long);
  });

  it('compresses a streamed body through a zlib stream, chunked', async () => {
    const res = await rawRequest(app(), 'GET', '/stream', { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    expect(gunzipSync(res.body).toString()).toBe(`${long}${long}end`);
  });

  it('passes backpressure through the zlib stream: write() false, then drain', async () => {
    const server = skiff();
    server.use(compress());
    let sawFalse = false;
    const piece = `${'streamed text '.repeat(4096)}\n`;
    server.get('/big', async (_req, res) => {
      res.type('text/plain');
      await new Promise((resolve) => setImmediate(resolve));
      for (let index = 0; index < 32; index += 1) {
        if (!res.write(piece)) {
          sawFalse = true;
          await new Promise((resolve) => res.once('drain', resolve));
        }
      }
      res.end();
    });
    const res = await rawRequest(server, 'GET', '/big', { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString()).toBe(piece.repeat(32));
    expect(sawFalse).toBe(true);
  });

  it('is decoded transparently by an ordinary client', async () => {
    const res = await request(app()).get('/text').set('Accept-Encoding', 'gzip, deflate');
    expect(res.text).toBe(long);
  });
});

describe('compress and many Accept-Encoding values', () => {
  it('answers each value as it asks, on one app, past the values it remembers', async () => {
    const server = app();
    // Each value chooses its own coding; asked in turns, and more values than compress() remembers.
    const cases: [string, string | undefined][] = [
      ['gzip', 'gzip'],
      ['br', 'br'],
      ['deflate', 'deflate'],
      ['identity', undefined],
      ['gzip;q=0, br;q=0.5', 'br'],
      ['*;q=0, identity', undefined],
    ];
    for (let index = 0; index < 70; index++)
      cases.push([`x-unknown-${index}, gzip;q=0.${(index % 9) + 1}`, 'gzip']);
    for (let round = 0; round < 2; round++) {
      for (const [accepted, coding] of cases) {
        const res = await server.inject({ url: '/text', headers: { 'Accept-Encoding': accepted } });
        expect([accepted, res.headers['content-encoding']]).toEqual([accepted, coding]);
      }
    }
  });
});

describe('compress and bodies of every size', () => {
  it('compresses each body as it is, whatever was compressed before it', async () => {
    const server = skiff();
    server.use(compress());
    server.get('/text/:size', (req, res) => {
      const size = Number(req.params.size);
      // Each size has its own text, so a response made from the bytes of another would show.
      res.type('text/plain').send(`${size}:`.repeat(Math.ceil(size / 6)).slice(0, size));
    });
    for (const size of [40_000, 3_000, 300_000, 1_500, 70_000, 2_000]) {
      const res = await server.inject({ url: `/text/${size}`, headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(res.rawPayload).toString()).toBe(
        `${size}:`.repeat(Math.ceil(size / 6)).slice(0, size),
      );
    }
  });
});

describe('compress and text beyond one byte a character', () => {
  it('compresses every character of a body that takes 2 to 4 bytes a character', async () => {
    const server = skiff();
    server.use(compress());
    const bodies: Record<string, string> = {
      euro: '€'.repeat(30_000),
      longEuro: '€'.repeat(100_000),
      emoji: 'a😀'.repeat(20_000),
      mixed: 'é€😀x'.repeat(10_000),
    };
    server.get('/text/:name', (req, res) => {
      res.type('text/plain').send(bodies[req.params.name] ?? '');
    });
    for (const [name, body] of Object.entries(bodies)) {
      const res = await server.inject({ url: `/text/${name}`, headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.headers['content-encoding']).toBe('gzip');
      expect([name, gunzipSync(res.rawPayload).equals(Buffer.from(body))]).toEqual([name, true]);
    }
  });
});

describe('compress and the deflate window', () => {
  it("sends the same gzip bytes as zlib's default window, at sizes near each window's edge", async () => {
    const server = skiff();
    server.use(compress());
    // Letters that do not repeat by chance, with the first 48 again at the very end: only a window
    // that spans the whole body finds that match, so a window too small changes the output.
    const textOf = (size: number) => {
      let seed = size;
      const letters = Array.from({ length: size - 48 }, () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return String.fromCharCode(97 + (seed % 26));
      }).join('');
      return letters + letters.slice(0, 48);
    };
    server.get('/text/:size', (req, res) => {
      res.type('text/plain').send(textOf(Number(req.params.size)));
    });
    for (const size of [1_500, 2_040, 4_090, 8_180, 10_240, 16_370, 32_700, 90_000]) {
      const res = await server.inject({ url: `/text/${size}`, headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.headers['content-encoding']).toBe('gzip');
      expect([size, res.rawPayload.equals(gzipSync(textOf(size)))]).toEqual([size, true]);
    }
  });
});
