import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite, defaultPublicDir } from '../src/app.js';

// supertest listens on 127.0.0.1, port 0, for each request, and closes after it.
const site = buildSite();
afterAll(() => site.close());

const file = (name: string) => readFile(join(defaultPublicDir, name), 'utf8');

describe('static files', () => {
  it.each([
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/chat.js', 'chat.js', 'text/javascript; charset=utf-8'],
  ])('%s: %s as %s, gzipped when asked', async (path, name, type) => {
    const res = await request(site.app).get(path).set('Accept-Encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toContain('Accept-Encoding');
    // supertest has inflated the body: it must be the file, byte for byte.
    expect(res.text).toBe(await file(name));
  });

  it('sends the file as it is to a client that does not ask for gzip', async () => {
    const res = await request(site.app).get('/').set('Accept-Encoding', 'identity');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(await file('index.html'))));
  });

  it('sends a file under 1 KiB as it is: compressing it would save next to nothing', async () => {
    const css = await file('style.css');
    expect(Buffer.byteLength(css)).toBeLessThan(1024);
    const res = await request(site.app).get('/style.css').set('Accept-Encoding', 'gzip');
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.text).toBe(css);
  });

  it('the page loads its script, which connects to /ws', async () => {
    const page = await request(site.app).get('/');
    expect(page.text).toContain('<script type="module" src="/chat.js"></script>');
    expect((await request(site.app).get('/chat.js')).text).toContain('/ws`');
  });

  it('answers 304 to a browser revalidating with the ETag', async () => {
    const first = await request(site.app).get('/style.css').set('Accept-Encoding', 'identity');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const again = await request(site.app).get('/style.css').set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it.each(['/missing.txt', '/nested/page', '/.env'])('%s → 404 with the site’s 404 page', async (path) => {
    const res = await request(site.app).get(path);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toBe(await file('404.html'));
  });

  it('never serves a file outside public/: a path that climbs out gets the 404 page', async () => {
    const res = await request(site.app).get('/%2e%2e/package.json');
    expect(res.status).toBe(404);
    expect(res.text).toBe(await file('404.html'));
  });
});
