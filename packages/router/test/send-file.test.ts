import { fileURLToPath } from 'node:url';
import skiff, { type AppRequest, type AppResponse } from '@skiff/router';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { resolveFilePath } from '../src/send-file.js';
import { rawRequest } from './helpers/raw.js';

const root = fileURLToPath(new URL('./fixtures/public', import.meta.url));

function app() {
  const server = skiff();
  server.on('handlerError', () => undefined);
  server.get('/files/*path', (req, res) => res.sendFile(req.params.path.join('/'), { root }));
  server.get('/cb/:name', (req: AppRequest<{ name: string }>, res: AppResponse) => {
    res.sendFile(req.params.name, { root, maxAge: 60_000 }, (error) => {
      if (error) res.status(410).send('gone');
    });
  });
  return server;
}

describe('res.sendFile', () => {
  it('streams a file with its type, length and Last-Modified', async () => {
    const res = await request(app()).get('/files/hello.txt');
    expect(res.status).toBe(200);
    expect(res.text).toBe('hello file\n');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-length']).toBe('11');
    expect(res.headers['last-modified']).toMatch(/GMT$/);
    expect(res.headers['cache-control']).toBe('public, max-age=0');
    const nested = await request(app()).get('/files/sub/page.html');
    expect(nested.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('answers HEAD with the headers only', async () => {
    const res = await request(app()).head('/files/hello.txt');
    expect([res.status, res.headers['content-length'], res.text]).toEqual([200, '11', undefined]);
  });

  it('answers a missing file with 404, and passes it to a callback when given', async () => {
    expect((await request(app()).get('/files/nope.txt')).status).toBe(404);
    expect((await request(app()).get('/files/sub')).status).toBe(404);
    const cb = await request(app()).get('/cb/nope.txt');
    expect([cb.status, cb.text]).toEqual([410, 'gone']);
    expect((await request(app()).get('/cb/hello.txt')).headers['cache-control']).toBe('public, max-age=60');
  });

  it('refuses paths that leave the root, NUL bytes and dotfiles', async () => {
    for (const path of [
      '/files/..%2Fsecret.txt',
      '/files/sub/..%2F..%2Fsecret.txt',
      '/files/%2E%2E/secret.txt',
    ]) {
      const res = await rawRequest(app(), 'GET', path);
      expect(res.status, path).toBe(403);
    }
    expect((await rawRequest(app(), 'GET', '/files/hello.txt%00.png')).status).toBe(403);
    expect((await request(app()).get('/files/.env')).status).toBe(404);
  });

  it('decides from the path string alone', () => {
    expect(resolveFilePath('../secret.txt', { root })).toMatchObject({ status: 403 });
    expect(resolveFilePath('a/../../x', { root })).toMatchObject({ status: 403 });
    expect(resolveFilePath('/etc/passwd', { root })).toBe(`${root}/etc/passwd`);
    expect(() => resolveFilePath('relative.txt', {})).toThrow(/must be absolute, or pass \{ root \}/);
  });
});
