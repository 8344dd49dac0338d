import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { fileInside } from '../src/safe-path.js';
import { demoFixture } from './fixture.js';
import { requestBytes, WireClient } from './wire.js';

const fixture = demoFixture();

describe('path traversal', () => {
  const attempts = [
    '/files/..%2f..%2fetc%2fpasswd',
    '/files/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/files/%2e%2e',
    '/files/..',
    '/files/%2fetc%2fpasswd',
    '/files/a%00b',
    '/files/..%5c..%5cwindows',
  ];
  for (const path of attempts) {
    it(`refuses GET ${path}`, async () => {
      const response = await request(fixture.app()).get(path);
      expect([400, 404]).toContain(response.status);
      expect(response.text).not.toContain('root:');
    });
    it(`refuses POST ${path} and writes nothing`, async () => {
      const before = await readdir(fixture.directory());
      const response = await request(fixture.app()).post(path).send('pwned');
      expect([400, 404]).toContain(response.status);
      expect(await readdir(fixture.directory())).toEqual(before);
    });
  }

  it('keeps names inside the folder', () => {
    expect(fileInside('/srv/files', 'a.txt')).toBe('/srv/files/a.txt');
    for (const name of ['', '.', '..', '../x', 'a/b', 'a\\b', 'a\0b', '/etc/passwd']) {
      expect(() => fileInside('/srv/files', name), name).toThrow();
    }
  });
});

describe('uploads', () => {
  it('stores a large upload whole', async () => {
    const body = 'x'.repeat(3 * 1024 * 1024);
    await request(fixture.app()).post('/files/large.bin').send(body).expect(201);
    expect((await readFile(join(fixture.directory(), 'large.bin'))).length).toBe(body.length);
  });

  it('leaves nothing behind when the upload is cut off halfway, and serves the next client', async () => {
    const before = (await readdir(fixture.directory())).sort();
    const client = await WireClient.open(fixture.port());
    client.send(
      requestBytes('POST', '/files/cut.bin').replace('\r\n\r\n', '\r\nContent-Length: 100000\r\n\r\n'),
    );
    client.send('only the first bytes');
    await sleep(50);
    client.socket.destroy();
    // The handler learns of the reset and removes its temporary file.
    for (let attempt = 0; attempt < 100; attempt++) {
      const now = (await readdir(fixture.directory())).sort();
      if (now.join() === before.join()) break;
      await sleep(10);
    }
    expect((await readdir(fixture.directory())).sort()).toEqual(before);
    await request(fixture.app()).get('/echo/still-here').expect(200, 'still-here');
  });

  it('a reader never sees a partial file', async () => {
    const client = await WireClient.open(fixture.port());
    client.send(
      requestBytes('POST', '/files/slow.txt').replace('\r\n\r\n', '\r\nContent-Length: 10\r\n\r\n'),
    );
    client.send('01234');
    await sleep(30);
    await request(fixture.app()).get('/files/slow.txt').expect(404);
    client.send('56789');
    expect((await client.read()).status).toBe(201);
    await request(fixture.app()).get('/files/slow.txt').expect(200);
    client.socket.destroy();
  });
});

describe('a request the server answers itself', () => {
  it('a bad chunk on GET /files/<existing file>: 400, and the route stops without an error', async () => {
    const client = await WireClient.open(fixture.port());
    // Head and bad chunk in one write: the route starts, and while it opens the file the
    // parser fails and core answers 400 in its place.
    client.send(
      `${requestBytes('GET', '/files/fixture.txt').slice(0, -2)}Transfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n`,
    );
    const response = await client.read();
    expect(response.status).toBe(400);
    expect(response.headers.connection).toBe('close');
    await client.end();
    // Long enough for the route to open and stat the file, which it did before setting headers.
    await sleep(50);
    expect(fixture.handlerErrors()).toEqual([]);
  });

  it('a bad chunk in an upload: 400, nothing on disk, no error', async () => {
    const before = (await readdir(fixture.directory())).sort();
    const client = await WireClient.open(fixture.port());
    client.send(
      `${requestBytes('POST', '/files/bad.bin').slice(0, -2)}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZ\r\n`,
    );
    expect((await client.read()).status).toBe(400);
    await client.end();
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await readdir(fixture.directory())).length === before.length) break;
      await sleep(10);
    }
    expect((await readdir(fixture.directory())).sort()).toEqual(before);
    expect(fixture.handlerErrors()).toEqual([]);
  });
});
