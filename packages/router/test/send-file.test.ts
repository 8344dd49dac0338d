// res.sendFile and res.download beside Express 5's: the same `send` package, so every status,
// header and body must match, and the edges (ranges, conditions, paths) are checked one by one.
import fs, { truncateSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import skiff, { type AppRequest, type AppResponse } from '@skiff/router';
import type { ErrorRequestHandler, Request, Response } from 'express';
import request from 'supertest';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BIG_FILE_SIZE, leaveMidFile, makeFileTree, wireGet } from './helpers/file-tree.js';
import { type AppLike, sideBySide, waitUntil } from './middleware/side-by-side.js';

const { root, outside } = makeFileTree();
afterAll(() => rm(outside, { recursive: true, force: true }));

/** The file path after `/files/`, as Express 5 and Skiff both give a splat: one decoded string per segment. */
function splat(req: Request): string {
  return (req.params as unknown as { path: string[] }).path.join('/');
}

/** The error's own fields, with end() rather than send(): Express's send() would add an ETag of its own. */
const errorFields: ErrorRequestHandler = (error, _req, res, _next) => {
  const { status, code, expose, message } = error as Record<string, unknown>;
  res.statusCode = typeof status === 'number' ? status : 500;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ status, code, expose, message }));
};

/** The two frameworks' 404 pages differ on purpose (router README): end on a plain one. */
function notFound(app: AppLike): void {
  app.use((_req: Request, res: Response) => {
    res.status(404).end('no handler');
  });
}

/** Every file route: the file path after the prefix, served with the options the prefix names. */
function fileApp(app: AppLike): { outcomes: string[] } {
  const outcomes: string[] = [];
  const routes: Record<string, Parameters<Response['sendFile']>[1]> = {
    files: { root },
    dotfiles: { root, dotfiles: 'allow' },
    deny: { root, dotfiles: 'deny' },
    cached: { root, maxAge: '1d', immutable: true },
    plain: { root, lastModified: false, acceptRanges: false, cacheControl: false },
    headers: { root, headers: { 'X-File': 'yes', 'Cache-Control': 'no-store' } },
    noroot: { root: join(outside, 'nowhere') },
  };
  for (const [prefix, options] of Object.entries(routes)) {
    app.get(`/${prefix}/*path`, (req: Request, res: Response) => {
      res.sendFile(splat(req), options);
    });
  }
  app.get('/absolute/*path', (req: Request, res: Response) => {
    res.sendFile(join(root, splat(req)));
  });
  app.get('/relative', (_req: Request, res: Response) => {
    res.sendFile(`${root}/sub/../hello.txt`);
  });
  app.get('/callback/*path', (req: Request, res: Response) => {
    res.sendFile(splat(req), { root }, (error?: unknown) => {
      const { code, status } = (error ?? {}) as { code?: string; status?: number };
      outcomes.push(error === undefined ? 'sent' : `${code ?? ''} ${status ?? ''}`);
      if (error !== undefined && !res.headersSent) res.status(410).end('gone');
    });
  });
  app.get('/quiet/*path', (req: Request, res: Response) => {
    res.sendFile(splat(req), { root }, (error?: unknown) => {
      outcomes.push(error === undefined ? 'sent' : String((error as { code?: string }).code));
    });
  });
  app.get('/late/*path', (req: Request, res: Response) => {
    outcomes.push('started');
    // Asked for only once the client is gone.
    res.once('close', () => {
      res.sendFile(splat(req), { root }, (error?: unknown) => {
        outcomes.push(error === undefined ? 'sent' : String((error as { code?: string }).code));
      });
    });
  });
  notFound(app);
  app.use(errorFields);
  return { outcomes };
}

const compareEtag = { alsoCompare: ['etag'] };

sideBySide(
  'res.sendFile: a file with its type, length, ETag, Last-Modified and Cache-Control; HEAD',
  fileApp,
  async ({ agent }) => {
    const file = await agent.get('/files/hello.txt');
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
    const head = await agent.head('/files/hello.txt');
    expect([head.status, head.headers['content-length'], head.text]).toEqual([200, '11', undefined]);
    await agent.get('/files/sub/page.html');
    await agent.get('/files/empty.txt');
    await agent.get('/files/noext');
    await agent.get('/absolute/hello.txt');
    // Without root, `..` anywhere is refused; with root, a path is normalized inside it first.
    expect((await agent.get('/relative')).status).toBe(403);
  },
  compareEtag,
);

sideBySide(
  'res.sendFile: options maxAge (string), immutable, lastModified, acceptRanges, cacheControl, headers',
  fileApp,
  async ({ agent }) => {
    expect((await agent.get('/cached/hello.txt')).headers['cache-control']).toBe(
      'public, max-age=86400, immutable',
    );
    const plain = await agent.get('/plain/ten.txt').set('Range', 'bytes=0-1');
    expect(plain.status).toBe(200);
    expect(plain.headers['last-modified']).toBeUndefined();
    expect(plain.headers['accept-ranges']).toBeUndefined();
    expect(plain.headers['cache-control']).toBeUndefined();
    const headers = await agent.get('/headers/hello.txt');
    expect(headers.headers).toMatchObject({ 'x-file': 'yes', 'cache-control': 'no-store' });
    // Set with the file only: the error response has none of them.
    expect((await agent.get('/headers/none.txt')).headers['x-file']).toBeUndefined();
  },
  compareEtag,
);

sideBySide(
  'res.sendFile: ranges',
  fileApp,
  async ({ agent }) => {
    const range = (value: string) => agent.get('/files/ten.txt').set('Range', value);
    const first = await range('bytes=0-0');
    expect([first.status, first.text, first.headers['content-range']]).toEqual([206, '0', 'bytes 0-0/10']);
    expect((await range('bytes=-3')).text).toBe('789');
    expect((await range('bytes=7-')).text).toBe('789');
    expect((await range('bytes=8-100')).headers['content-range']).toBe('bytes 8-9/10');
    const unsatisfiable = await range('bytes=10-20');
    expect([unsatisfiable.status, unsatisfiable.headers['content-range']]).toEqual([416, 'bytes */10']);
    // Several ranges are served whole, unless they join into one.
    expect((await range('bytes=0-1,5-6')).status).toBe(200);
    expect((await range('bytes=0-1,2-4')).text).toBe('01234');
    expect((await range('bytes=abc')).status).toBe(200);
    expect((await range('items=0-1')).status).toBe(200);
    expect((await agent.get('/files/empty.txt').set('Range', 'bytes=0-0')).status).toBe(416);
    const head = await agent.head('/files/ten.txt').set('Range', 'bytes=2-3');
    expect([head.status, head.headers['content-length']]).toEqual([206, '2']);
  },
  compareEtag,
);

sideBySide(
  'res.sendFile: conditional requests and If-Range',
  fileApp,
  async ({ agent }) => {
    const file = await agent.get('/files/ten.txt');
    const etag = String(file.headers.etag);
    const modified = String(file.headers['last-modified']);
    const get = (headers: Record<string, string>) => agent.get('/files/ten.txt').set(headers);
    expect((await get({ 'If-None-Match': etag })).status).toBe(304);
    expect((await agent.head('/files/ten.txt').set('If-None-Match', etag)).status).toBe(304);
    expect((await get({ 'If-None-Match': '"other"' })).status).toBe(200);
    expect((await get({ 'If-Modified-Since': modified })).status).toBe(304);
    expect((await get({ 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status).toBe(200);
    expect((await get({ 'If-Match': '"other"' })).status).toBe(412);
    expect((await get({ 'If-Match': etag })).status).toBe(200);
    expect((await get({ 'If-Match': '*' })).status).toBe(200);
    expect((await get({ 'If-Unmodified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status).toBe(412);
    expect((await get({ 'If-Unmodified-Since': modified })).status).toBe(200);
    expect((await get({ Range: 'bytes=0-1', 'If-Range': etag })).status).toBe(206);
    expect((await get({ Range: 'bytes=0-1', 'If-Range': '"stale"' })).status).toBe(200);
    expect((await get({ Range: 'bytes=0-1', 'If-Range': modified })).status).toBe(206);
    const old = 'Thu, 01 Jan 1970 00:00:00 GMT';
    expect((await get({ Range: 'bytes=0-1', 'If-Range': old })).status).toBe(200);
  },
  compareEtag,
);

sideBySide(
  'res.sendFile: directories, dotfiles, missing files and roots, callbacks',
  fileApp,
  async ({ agent, context }) => {
    // A directory goes to next(), as Express: here the plain 404.
    expect((await agent.get('/files/sub')).text).toBe('no handler');
    expect((await agent.get('/files/dir/')).text).toBe('<p>index</p>\n');
    expect((await agent.get('/files/empty-dir/')).status).toBe(404);
    expect((await agent.get('/files/.env')).status).toBe(404);
    expect((await agent.get('/files/.hidden/inside.txt')).status).toBe(404);
    expect((await agent.get('/dotfiles/.env')).status).toBe(200);
    expect((await agent.get('/deny/.env')).status).toBe(403);
    expect((await agent.get('/files/none.txt')).status).toBe(404);
    expect((await agent.get('/files/hello.txt/more')).status).toBe(404);
    expect((await agent.get('/noroot/hello.txt')).status).toBe(404);
    expect((await agent.get('/callback/none.txt')).status).toBe(410);
    await agent.get('/callback/hello.txt');
    await agent.get('/callback/sub');
    await agent.get('/callback/ten.txt').set('Range', 'bytes=20-');
    expect(context.outcomes).toEqual(['ENOENT 404', 'sent', 'EISDIR ', ' 416']);
  },
  { ...compareEtag, normalizeBody: (body) => body.replaceAll(root, '<root>') },
);

sideBySide(
  'res.sendFile: encoded paths (`..`, NUL, UTF-8, `%`, spaces) as sent on the wire',
  fileApp,
  async ({ url, observe }) => {
    for (const path of [
      '/files/%2e%2e/secret.txt',
      '/files/..%2fsecret.txt',
      '/files/sub/..%2F..%2Fsecret.txt',
      '/files/sub/%2e%2e/hello.txt',
      '/files/hello.txt%00.png',
      '/files/%C3%A9t%C3%A9.txt',
      '/files/100%25.txt',
      '/files/a%20b.txt',
      '/absolute/%2e%2e/secret.txt',
      '/absolute/%C3%A9t%C3%A9.txt',
    ]) {
      const response = await wireGet(url, path);
      observe(path, { ...response, body: response.body.replaceAll(root, '<root>') });
    }
  },
);

sideBySide('res.sendFile: a client that leaves mid-file', fileApp, async ({ url, context }) => {
  await leaveMidFile(url, '/quiet/big.bin');
  await waitUntil(() => context.outcomes.length === 1, 'the callback');
  expect(context.outcomes).toEqual(['ECONNABORTED']);
  // Without a callback: nothing is printed, nothing goes to the error handlers.
  await leaveMidFile(url, '/files/big.bin');
});

sideBySide(
  'res.sendFile: a client that left before the file was asked for',
  fileApp,
  async ({ url, context }) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('GET /late/hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await waitUntil(() => context.outcomes.length === 1, 'the handler');
    socket.resetAndDestroy();
    await waitUntil(() => context.outcomes.length === 2, 'the callback');
    expect(context.outcomes).toEqual(['started', 'ECONNABORTED']);
  },
);

sideBySide(
  'res.download: the attachment header only with the file, over options.headers',
  (app) => {
    app.get('/download/:name', (req: Request, res: Response) => {
      const name = String(req.params.name);
      res.download(name, 'report.txt', {
        root,
        headers: { 'content-disposition': 'inline', 'X-Extra': 'yes' },
      });
    });
    app.get('/plain/:name', (req: Request, res: Response) => {
      res.download(join(root, String(req.params.name)), (error?: unknown) => {
        if (error !== undefined) res.status(404).end('none');
      });
    });
    app.use(errorFields);
  },
  async ({ agent }) => {
    const file = await agent.get('/download/hello.txt');
    expect(file.headers['content-disposition']).toBe('attachment; filename=report.txt');
    expect(file.headers['x-extra']).toBe('yes');
    expect((await agent.get('/download/none.txt')).headers['content-disposition']).toBeUndefined();
    expect((await agent.get('/plain/%C3%A9t%C3%A9.txt')).headers['content-disposition']).toMatch(
      /^attachment; filename="\?t\?\.txt"; filename\*=UTF-8''%C3%A9t%C3%A9\.txt$/,
    );
    expect((await agent.get('/plain/none.txt')).headers['content-disposition']).toBeUndefined();
  },
  { ...compareEtag, normalizeBody: (body) => body.replaceAll(root, '<root>') },
);

sideBySide(
  "res.sendFile: no ETag when the app's etag setting is off",
  (app) => {
    (app as unknown as { set(name: string, value: unknown): void }).set('etag', false);
    app.get('/', (_req: Request, res: Response) => {
      res.sendFile(join(root, 'hello.txt'));
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/')).headers.etag).toBeUndefined();
  },
  compareEtag,
);

describe('res.sendFile on Skiff', () => {
  it('takes the etag option over the setting (Express ignores the option)', async () => {
    const server = skiff();
    server.get('/off', (_req, res) => res.sendFile(join(root, 'hello.txt'), { etag: false }));
    server.get('/on', (_req, res) => res.sendFile(join(root, 'hello.txt'), { etag: true }));
    expect((await request(server).get('/off')).headers.etag).toBeUndefined();
    server.set('etag', false);
    expect((await request(server).get('/on')).headers.etag).toMatch(/^W\/"b-/);
  });

  function app() {
    const server = skiff();
    server.get('/files/*path', (req: AppRequest<{ path: string[] }>, res: AppResponse) =>
      res.sendFile(req.params.path.join('/'), { root }),
    );
    return server;
  }

  it('refuses `..`, NUL and dotfiles from the path string, before the file system', async () => {
    const stat = vi.spyOn(fs, 'stat');
    try {
      for (const path of ['/files/%2e%2e/secret.txt', '/files/hello.txt%00', '/files/.env']) {
        const response = await wireGet(await listening(app()), path);
        expect(response.status, path).not.toBe(200);
      }
      expect(stat).not.toHaveBeenCalled();
      await wireGet(await listening(app()), '/files/hello.txt');
      expect(stat).toHaveBeenCalled();
    } finally {
      stat.mockRestore();
    }
  });

  it('throws for a call that can never send a file, naming the fix', () => {
    const server = skiff();
    server.get('/relative', (_req, res) => res.sendFile('hello.txt'));
    server.get('/empty', (_req, res) => res.sendFile(''));
    const errors: unknown[] = [];
    server.on('handlerError', (error: unknown) => errors.push(error));
    return request(server)
      .get('/relative')
      .then(async (response) => {
        expect(response.status).toBe(500);
        expect((await request(server).get('/empty')).status).toBe(500);
        expect(errors.map(String)).toEqual([
          'TypeError: res.sendFile("hello.txt"): the path must be absolute, or pass { root } to resolve it in',
          'TypeError: res.sendFile() needs a path: res.sendFile(path, [options], [callback])',
        ]);
      });
  });

  it('closes the connection when the file shrinks mid-transfer, so the cut body never looks complete', async () => {
    const path = join(outside, 'shrinking.bin');
    writeFileSync(path, Buffer.alloc(BIG_FILE_SIZE, 0x62));
    const server = skiff();
    server.get('/', (_req, res) => res.sendFile(path));
    const url = await listening(server);
    const received = await new Promise<{ head: string; bytes: number }>((resolve, reject) => {
      const socket = connect(Number(new URL(url).port), '127.0.0.1');
      const timer = setTimeout(() => reject(new Error('no close within 2000 ms')), 2000);
      const chunks: Buffer[] = [];
      socket.once('data', (chunk: Buffer) => {
        chunks.push(chunk);
        // The server is held mid-file by backpressure: cut the file, then read on.
        socket.pause();
        truncateSync(path, 1024);
        socket.on('data', (more: Buffer) => chunks.push(more));
        socket.resume();
      });
      socket.on('error', reject);
      socket.on('close', () => {
        clearTimeout(timer);
        const all = Buffer.concat(chunks);
        const split = all.indexOf('\r\n\r\n');
        resolve({ head: all.subarray(0, split).toString('latin1'), bytes: all.length - split - 4 });
      });
      socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    });
    expect(received.head).toContain(`Content-Length: ${BIG_FILE_SIZE}`);
    expect(received.bytes).toBeLessThan(BIG_FILE_SIZE);
  });

  it('settles its promise once the file is sent', async () => {
    const server = skiff();
    let settled: unknown;
    server.get('/', (_req, res) => {
      void res.sendFile(join(root, 'hello.txt')).then(() => {
        settled = 'sent';
      });
    });
    expect((await request(server).get('/')).text).toBe('hello file\n');
    await waitUntil(() => settled === 'sent', 'the promise');
  });
});

/** Listens on port 0 and gives the base URL; the server closes once its one connection ends. */
async function listening(server: ReturnType<typeof skiff>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  server.once('connection', (socket: import('node:net').Socket) => {
    socket.once('close', () => server.close());
  });
  return `http://127.0.0.1:${address.port}`;
}
