// skiff.static beside express.static: the same serve-static, so every status, header and body
// must match, option by option and edge by edge.
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as router from '@skiff/router';
import skiff, { App, type StaticOptions, serveStatic } from '@skiff/router';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { leaveMidFile, makeFileTree, wireGet } from './helpers/file-tree.js';
import { type AppLike, sideBySide } from './middleware/side-by-side.js';

const { root, outside } = makeFileTree();
afterAll(() => rm(outside, { recursive: true, force: true }));

/** The error's own fields, with end() rather than send(): Express's send() would add an ETag of its own. */
const errorFields: ErrorRequestHandler = (error, _req, res, _next) => {
  const { status, expose, message } = error as Record<string, unknown>;
  res.statusCode = typeof status === 'number' ? status : 500;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ status, expose, message }));
};

/** Mounts each framework's own static middleware: express.static on Express, skiff.static on Skiff. */
function mount(app: AppLike, path: string, options: StaticOptions, directory = root): void {
  const middleware =
    app instanceof App ? skiff.static(directory, options) : express.static(directory, options as never);
  app.use(path, middleware as never);
}

/** Every mount: the prefix names the options. */
function staticApp(app: AppLike): void {
  const mounts: Record<string, StaticOptions> = {
    '/static': {},
    '/index-name': { index: 'default.htm' },
    '/index-list': { index: ['missing.html', 'default.htm'] },
    '/no-index': { index: false },
    '/no-redirect': { redirect: false },
    '/allow': { dotfiles: 'allow' },
    '/deny': { dotfiles: 'deny' },
    '/plain': { etag: false, lastModified: false, cacheControl: false, acceptRanges: false },
    '/cached': { maxAge: 60_000 },
    '/forever': { maxAge: '1d', immutable: true },
    '/strict': { fallthrough: false },
    '/extensions': { extensions: ['html', 'txt'] },
    '/headers': {
      setHeaders: (res, path, stat) => {
        res.setHeader('X-File', `${basename(path)}:${stat.size}`);
      },
    },
  };
  for (const [path, options] of Object.entries(mounts)) mount(app, path, options);
  mount(app, '/nowhere', {}, join(outside, 'nowhere'));
  mount(app, '/', { index: false });
  app.use((req: Request, res: Response) => {
    res.status(404).end(`fell through: ${req.method} ${req.originalUrl}`);
  });
  app.use(errorFields);
}

const compareEtag = { alsoCompare: ['etag'] };

sideBySide(
  'static: files with type, length, ETag, Last-Modified, Cache-Control; HEAD; the mount root',
  staticApp,
  async ({ agent }) => {
    const file = await agent.get('/static/hello.txt');
    expect(file.status).toBe(200);
    expect(file.text).toBe('hello file\n');
    expect(file.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '11',
      'accept-ranges': 'bytes',
      'cache-control': 'public, max-age=0',
      etag: expect.stringMatching(/^W\/"b-/),
      'last-modified': expect.stringMatching(/GMT$/),
    });
    const head = await agent.head('/static/hello.txt');
    expect([head.status, head.headers['content-length'], head.text]).toEqual([200, '11', undefined]);
    await agent.get('/static/sub/page.html');
    await agent.get('/static/empty.txt');
    await agent.get('/static/noext');
    await agent.get('/ten.txt');
    await agent.get('/static/ten.txt?query=1');
  },
  compareEtag,
);

sideBySide(
  'static: index files and the redirect of a directory to its trailing slash',
  staticApp,
  async ({ agent }) => {
    expect((await agent.get('/static/dir/')).text).toBe('<p>index</p>\n');
    const redirect = await agent.get('/static/dir');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/static/dir/');
    expect(redirect.text).toContain('Redirecting to /static/dir/');
    expect((await agent.get('/static/dir?a=1&b=%20')).headers.location).toBe('/static/dir/?a=1&b=%20');
    expect((await agent.head('/static/dir')).status).toBe(301);
    expect((await agent.get('/static')).headers.location).toBe('/static/');
    expect((await agent.get('/static/')).status).toBe(404);
    expect((await agent.get('/static/empty-dir/')).status).toBe(404);
    expect((await agent.get('/index-name/dir/')).text).toBe('<p>default</p>\n');
    expect((await agent.get('/index-list/dir/')).text).toBe('<p>default</p>\n');
    expect((await agent.get('/no-index/dir/')).status).toBe(404);
    expect((await agent.get('/no-index/dir')).status).toBe(301);
    expect((await agent.get('/no-redirect/dir')).status).toBe(404);
    expect((await agent.get('/no-redirect/dir/')).status).toBe(200);
    await agent.get('/static/hello.txt/');
  },
  compareEtag,
);

sideBySide(
  'static: dotfiles ignored, denied or allowed',
  staticApp,
  async ({ agent }) => {
    expect((await agent.get('/static/.env')).status).toBe(404);
    expect((await agent.get('/static/.hidden/inside.txt')).status).toBe(404);
    expect((await agent.get('/deny/.env')).status).toBe(404);
    expect((await agent.get('/allow/.env')).status).toBe(200);
    expect((await agent.get('/allow/.hidden/inside.txt')).text).toBe('inside a dot directory\n');
    expect((await agent.get('/strict/.env')).status).toBe(404);
  },
  compareEtag,
);

sideBySide(
  'static: options etag, lastModified, cacheControl, acceptRanges, maxAge, immutable, setHeaders, extensions',
  staticApp,
  async ({ agent }) => {
    const plain = await agent.get('/plain/ten.txt').set('Range', 'bytes=0-1');
    expect(plain.status).toBe(200);
    for (const name of ['etag', 'last-modified', 'cache-control', 'accept-ranges']) {
      expect(plain.headers[name], name).toBeUndefined();
    }
    expect((await agent.get('/cached/hello.txt')).headers['cache-control']).toBe('public, max-age=60');
    expect((await agent.get('/forever/hello.txt')).headers['cache-control']).toBe(
      'public, max-age=86400, immutable',
    );
    expect((await agent.get('/headers/ten.txt')).headers['x-file']).toBe('ten.txt:10');
    expect((await agent.get('/headers/none.txt')).headers['x-file']).toBeUndefined();
    expect((await agent.get('/extensions/sub/page')).text).toBe('<p>page</p>\n');
    expect((await agent.get('/extensions/hello')).text).toBe('hello file\n');
    expect((await agent.get('/extensions/none')).status).toBe(404);
  },
  compareEtag,
);

sideBySide(
  'static: fallthrough, and 405 and errors to next(err) without it',
  staticApp,
  async ({ agent }) => {
    expect((await agent.post('/static/hello.txt')).text).toBe('fell through: POST /static/hello.txt');
    expect((await agent.get('/static/none.txt')).text).toBe('fell through: GET /static/none.txt');
    const post = await agent.post('/strict/hello.txt');
    expect([post.status, post.headers.allow, post.headers['content-length']]).toEqual([
      405,
      'GET, HEAD',
      '0',
    ]);
    expect((await agent.delete('/strict/hello.txt')).status).toBe(405);
    expect((await agent.get('/strict/none.txt')).status).toBe(404);
    expect((await agent.get('/strict/dir')).status).toBe(301);
    expect((await agent.get('/nowhere/hello.txt')).status).toBe(404);
    expect((await agent.get('/nowhere')).text).toBe('fell through: GET /nowhere');
  },
  { ...compareEtag, normalizeBody: (body) => body.replaceAll(outside, '<tmp>') },
);

sideBySide(
  'static: ranges and conditional requests',
  staticApp,
  async ({ agent }) => {
    const get = (headers: Record<string, string>) => agent.get('/static/ten.txt').set(headers);
    const file = await get({});
    const etag = String(file.headers.etag);
    const modified = String(file.headers['last-modified']);
    expect((await get({ Range: 'bytes=0-0' })).text).toBe('0');
    expect((await get({ Range: 'bytes=-2' })).text).toBe('89');
    expect((await get({ Range: 'bytes=5-50' })).headers['content-range']).toBe('bytes 5-9/10');
    const unsatisfiable = await get({ Range: 'bytes=10-' });
    expect([unsatisfiable.status, unsatisfiable.headers['content-range']]).toEqual([416, 'bytes */10']);
    expect((await agent.get('/strict/ten.txt').set('Range', 'bytes=10-')).status).toBe(416);
    expect((await get({ Range: 'bytes=0-1,4-5' })).status).toBe(200);
    expect((await get({ Range: 'bytes=0-1', 'If-Range': etag })).status).toBe(206);
    expect((await get({ Range: 'bytes=0-1', 'If-Range': '"stale"' })).status).toBe(200);
    expect((await get({ Range: 'bytes=0-1', 'If-Range': modified })).status).toBe(206);
    expect((await get({ 'If-None-Match': etag })).status).toBe(304);
    expect((await get({ 'If-Modified-Since': modified })).status).toBe(304);
    expect((await agent.head('/static/ten.txt').set('If-None-Match', etag)).status).toBe(304);
    expect((await get({ 'If-Match': '"other"' })).status).toBe(412);
    expect((await get({ 'If-Unmodified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status).toBe(412);
    expect((await agent.get('/strict/ten.txt').set('If-Match', '"other"')).status).toBe(412);
  },
  compareEtag,
);

sideBySide(
  'static: encoded paths (`..`, NUL, bad escapes, UTF-8, `%`, spaces) as sent on the wire',
  staticApp,
  async ({ url, observe }) => {
    for (const prefix of ['/static', '/strict']) {
      for (const path of [
        '/%2e%2e/secret.txt',
        '/..%2fsecret.txt',
        '/sub/%2e%2e/hello.txt',
        '/sub/..%2F..%2Fsecret.txt',
        '/hello.txt%00.png',
        '/%',
        '/%C3%A9t%C3%A9.txt',
        '/%c3%a9t%c3%a9.txt',
        '/100%25.txt',
        '/a%20b.txt',
        '/%2Ehidden/inside.txt',
        '//dir',
      ]) {
        observe(`${prefix}${path}`, await wireGet(url, `${prefix}${path}`));
      }
    }
  },
);

sideBySide('static: a client that leaves mid-file', staticApp, async ({ agent, url }) => {
  // Nothing is printed, nothing goes to the error handlers, and the server goes on serving.
  await leaveMidFile(url, '/static/big.bin');
  await leaveMidFile(url, '/static/big.bin');
  expect((await agent.get('/static/hello.txt')).status).toBe(200);
});

describe('skiff.static', () => {
  it('is serveStatic, also exported as `static`, as express.static', () => {
    expect(skiff.static).toBe(serveStatic);
    expect(router.static).toBe(serveStatic);
  });

  it('needs a root directory, as serve-static', () => {
    expect(() => serveStatic('')).toThrow(new TypeError('root path required'));
    expect(() => serveStatic(1 as unknown as string)).toThrow(new TypeError('root path must be a string'));
  });
});
