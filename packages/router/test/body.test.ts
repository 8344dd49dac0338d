import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import skiff, {
  type App,
  type AppRequest,
  type AppResponse,
  json,
  type NextFunction,
  raw,
  text,
  urlencoded,
} from '@skiff/router';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { rawRequest } from './helpers/raw.js';

function echoApp() {
  const app = skiff();
  app.use(json({ limit: 64 }), text(), urlencoded(), raw({ type: 'application/x-thing' }));
  app.post('/echo', (req, res) => {
    res.json({ body: Buffer.isBuffer(req.body) ? `buffer:${req.body.toString('hex')}` : req.body });
  });
  return app;
}

describe('body parsers', () => {
  it('parses JSON', async () => {
    const res = await request(echoApp())
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send('{"a":[1,2]}');
    expect(res.body).toEqual({ body: { a: [1, 2] } });
  });

  it('answers malformed JSON with 400 and a message', async () => {
    const res = await request(echoApp()).post('/echo').set('Content-Type', 'application/json').send('{"a":');
    expect(res.status).toBe(400);
    // body-parser's message: JSON.parse's own.
    expect(res.text).toBe('Unexpected end of JSON input');
    const scalar = await request(echoApp())
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send('"text"');
    expect(scalar.status).toBe(400);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await request(echoApp())
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ long: 'x'.repeat(100) }));
    expect(res.status).toBe(413);
    expect(res.text).toBe('request entity too large');
  });

  it('answers a chunked body over the limit with 413', async () => {
    const app = skiff();
    app.use(text({ limit: 10 }));
    app.post('/', (req, res) => res.send(String(req.body)));
    const chunked = `5\r\nhello\r\n5\r\nworld\r\n5\r\nagain\r\n0\r\n\r\n`;
    const res = await rawRequest(
      app,
      'POST',
      '/',
      { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' },
      chunked,
    );
    expect(res.status).toBe(413);
  });

  it('reads text, urlencoded and raw bodies', async () => {
    const plain = await request(echoApp())
      .post('/echo')
      .set('Content-Type', 'text/plain; charset=latin1')
      .send(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(plain.body).toEqual({ body: 'café' });
    const form = await request(echoApp()).post('/echo').type('form').send('a=1&a=2&b=x+y');
    expect(form.body).toEqual({ body: { a: ['1', '2'], b: 'x y' } });
    const bytes = await request(echoApp())
      .post('/echo')
      .set('Content-Type', 'application/x-thing')
      .send(Buffer.from([1, 2, 255]));
    expect(bytes.body).toEqual({ body: 'buffer:0102ff' });
  });

  it('passes over other types and requests without a body', async () => {
    const other = await request(echoApp())
      .post('/echo')
      .set('Content-Type', 'image/png')
      .send(Buffer.from([1]));
    expect(other.body).toEqual({});
    const none = await request(echoApp()).post('/echo');
    expect(none.body).toEqual({});
  });

  it('refuses a coding it does not know with 415', async () => {
    const res = await request(echoApp())
      .post('/echo')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress')
      .send('{}');
    expect([res.status, res.text]).toEqual([415, 'unsupported content encoding "compress"']);
  });
});

/** What a raw client saw of one exchange in which it sent only part of a large body. */
interface PartialUpload {
  /** The response head as received. */
  head: string;
  /** Body bytes the client had written when the server closed the connection. */
  sent: number;
  /** True when the server closed the connection (rather than reading on). */
  closed: boolean;
}

const TEN_MB = 10 * 1024 * 1024;

/**
 * Sends a request head, then the body in 16 KiB pieces, one piece after the other, for as
 * long as the server keeps the connection open and at most `total` bytes. Stops sending as
 * soon as the server has answered and closed.
 */
async function partialUpload(
  app: App,
  head: string,
  piece: (data: Buffer) => Buffer,
  total: number,
): Promise<PartialUpload> {
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const address = app.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  try {
    return await new Promise<PartialUpload>((resolve) => {
      const socket = connect(address.port, '127.0.0.1');
      const received: Buffer[] = [];
      let sent = 0;
      let closed = false;
      const finish = (): void => {
        const text = Buffer.concat(received).toString('latin1');
        resolve({ head: text.slice(0, text.indexOf('\r\n\r\n')), sent, closed });
        socket.destroy();
      };
      socket.on('data', (chunk) => received.push(chunk));
      socket.on('end', () => {
        closed = true;
        finish();
      });
      // Writing after the server closed: EPIPE or ECONNRESET, which is the server refusing the rest.
      socket.on('error', () => {
        closed = true;
        finish();
      });
      const data = Buffer.alloc(16 * 1024, 0x61);
      const sendMore = (): void => {
        if (closed) return;
        if (sent >= total) {
          finish();
          return;
        }
        sent += data.length;
        socket.write(piece(data), () => setImmediate(sendMore));
      };
      socket.write(head, () => sendMore());
    });
  } finally {
    await new Promise((resolve) => app.close(resolve));
  }
}

describe('body limits on the wire', () => {
  function limitedApp(): App {
    const app = skiff();
    app.use(json({ limit: '1kb' }));
    app.post('/', (req, res) => res.json(req.body));
    return app;
  }

  it('answers a 10 MB body over a 1 KB limit with 413 before the client is done, and closes instead of draining', async () => {
    const seen = await partialUpload(
      limitedApp(),
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${TEN_MB}\r\n\r\n`,
      (data) => data,
      TEN_MB,
    );
    expect(seen.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(seen.head).toMatch(/\r\nConnection: close\r\n/i);
    expect(seen.closed).toBe(true);
    expect(seen.sent).toBeLessThan(TEN_MB);
  });

  it('stops reading a chunked body past the limit: 413, then the connection closes', async () => {
    const seen = await partialUpload(
      limitedApp(),
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      (data) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]),
      TEN_MB,
    );
    expect(seen.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(seen.closed).toBe(true);
    expect(seen.sent).toBeLessThan(TEN_MB);
  });
});

describe('json() edge cases', () => {
  it('answers 400 to a JSON body of whitespace alone, as Express does in strict mode', async () => {
    const app = skiff();
    app.use(json());
    app.post('/', (req, res) => res.json(req.body));
    await request(app).post('/').set('Content-Type', 'application/json').send('   ').expect(400);
  });
});

describe('a body declared empty (Content-Length: 0), as Express', () => {
  it('has a type for req.is(), and the parsers give an empty value', async () => {
    const app = skiff();
    app.use(skiff.json(), skiff.urlencoded());
    app.post('/', (req, res) => {
      res.json({ is: req.is('json', 'urlencoded'), body: req.body });
    });
    const asJson = await request(app)
      .post('/')
      .set('Content-Type', 'application/json')
      .set('Content-Length', '0');
    expect(asJson.body).toEqual({ is: 'json', body: {} });
    const asForm = await request(app)
      .post('/')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('Content-Length', '0');
    expect(asForm.body).toEqual({ is: 'urlencoded', body: {} });
  });
});

describe('json() and a byte order mark', () => {
  it('parses a body that starts with a UTF-8 BOM, as Express', async () => {
    const app = skiff();
    app.use(skiff.json());
    app.post('/', (req, res) => res.json(req.body));
    const res = await request(app).post('/').set('Content-Type', 'application/json').send('\ufeff{"a":1}');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ a: 1 });
  });
});

describe("body parser errors carry body-parser's type", () => {
  it('names the case in err.type, as Express error handlers read it', async () => {
    const app = skiff();
    app.use(skiff.json({ limit: 10 }));
    app.post('/', (_req, res) => res.send('parsed'));
    app.use(
      (
        error: { type?: string; status?: number },
        _req: unknown,
        res: { status: (n: number) => { send: (b: string) => void } },
        _next: unknown,
      ) => {
        res.status(error.status ?? 500).send(String(error.type));
      },
    );
    const malformed = await request(app).post('/').set('Content-Type', 'application/json').send('{"a":');
    expect([malformed.status, malformed.text]).toEqual([400, 'entity.parse.failed']);
    const large = await request(app)
      .post('/')
      .set('Content-Type', 'application/json')
      .send('{"a":"0123456789"}');
    expect([large.status, large.text]).toEqual([413, 'entity.too.large']);
    const compressed = await request(app)
      .post('/')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'x-unknown')
      .send('{}');
    expect([compressed.status, compressed.text]).toEqual([415, 'encoding.unsupported']);
  });
});

/** What a raw client saw: the response as text, and how many body pieces it had written by then. */
interface Paced {
  /** Everything the server sent, as latin1. */
  response: string;
  /** Body pieces written before the server answered and closed. */
  sent: number;
}

/**
 * Sends a request head, then the body pieces one TCP write at a time (each after the previous
 * one was flushed), until all are sent or the server closes; then reads until the server closes.
 */
async function paced(app: App, head: string, pieces: readonly Buffer[]): Promise<Paced> {
  await listen(app);
  const port = portOf(app);
  try {
    return await within(
      5000,
      new Promise<Paced>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        const received: Buffer[] = [];
        let sent = 0;
        let closed = false;
        const finish = (): void => {
          closed = true;
          resolve({ response: Buffer.concat(received).toString('latin1'), sent });
          socket.destroy();
        };
        socket.on('data', (chunk) => received.push(chunk));
        socket.on('end', finish);
        socket.on('error', finish);
        const next = (): void => {
          const piece = pieces[sent];
          if (closed || piece === undefined) return;
          sent += 1;
          socket.write(piece, () => setImmediate(next));
        };
        socket.write(head, () => next());
      }),
      'paced upload',
    );
  } finally {
    await new Promise((resolve) => app.close(resolve));
  }
}

function listen(app: App): Promise<void> {
  return new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
}

function portOf(app: App): number {
  const address = app.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resolves as `promise` does, or fails once `ms` have passed. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Splits bytes into pieces of `size`. */
function split(data: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size)
    pieces.push(data.subarray(offset, offset + size));
  return pieces;
}

/** The bytes as chunks of chunked framing, one chunk a piece, and the last chunk. */
function chunked(pieces: readonly Buffer[]): Buffer[] {
  return [
    ...pieces.map((piece) =>
      Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]),
    ),
    Buffer.from('0\r\n\r\n'),
  ];
}

function echoJson(options: Parameters<typeof json>[0] = {}): App {
  const app = skiff();
  app.use(json(options));
  app.post('/', (req, res) => res.json(req.body));
  return app;
}

describe('compressed request bodies on the wire', () => {
  const document = JSON.stringify({ items: Array.from({ length: 200 }, (_, index) => `item ${index}`) });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('inflates a %s body that arrives a byte at a time', async (coding, compress) => {
    const body = compress(document);
    const seen = await paced(
      echoJson(),
      `POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Encoding: ${coding}\r\nContent-Length: ${body.length}\r\n\r\n`,
      split(body, 1),
    );
    expect(seen.response).toMatch(/^HTTP\/1\.1 200 /);
    expect(seen.response.slice(seen.response.indexOf('\r\n\r\n') + 4)).toBe(document);
  });

  it('inflates a chunked gzip body of 2-byte chunks', async () => {
    const seen = await paced(
      echoJson(),
      'POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n',
      chunked(split(gzipSync(document), 2)),
    );
    expect(seen.response).toMatch(/^HTTP\/1\.1 200 /);
    expect(seen.response).toContain(document);
  });

  it('answers a chunked deflate bomb with 413 while it is still arriving, and closes', async () => {
    // 64 MiB of spaces deflate to about 64 KiB; the limit is 1 KiB of inflated JSON.
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    const pieces = chunked(split(bomb, 256));
    const seen = await paced(
      echoJson({ limit: '1kb' }),
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: deflate\r\nTransfer-Encoding: chunked\r\n\r\n',
      pieces,
    );
    expect(seen.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(seen.response).toMatch(/\r\nConnection: close\r\n/i);
    expect(seen.sent).toBeLessThan(pieces.length);
  });

  it('answers a truncated gzip body with 400, as body-parser (zlib’s message)', async () => {
    const whole = gzipSync(document);
    const res = await request(echoJson())
      .post('/')
      .type('json')
      .set('Content-Encoding', 'gzip')
      .serialize((body: Buffer) => body as unknown as string)
      .send(whole.subarray(0, whole.length - 8));
    expect([res.status, res.text]).toEqual([400, 'unexpected end of file']);
  });

  it('refuses a compressed body with 415 when inflate is false', async () => {
    const res = await request(echoJson({ inflate: false }))
      .post('/')
      .type('json')
      .set('Content-Encoding', 'gzip')
      .serialize((body: Buffer) => body as unknown as string)
      .send(gzipSync('{}'));
    expect([res.status, res.text]).toEqual([415, 'content encoding unsupported']);
  });

  it.each(['gzip', 'identity'])(
    'lets go of a client that leaves mid-body (%s): the error handler runs, nothing hangs, nothing is printed',
    async (coding) => {
      const printed: unknown[] = [];
      const consoleError = vi.spyOn(console, 'error').mockImplementation((...args) => printed.push(args));
      const onWarning = (warning: Error): void => {
        printed.push(warning);
      };
      process.on('warning', onWarning);
      const app = skiff();
      const errors: unknown[] = [];
      app.on('handlerError', (error: unknown) => printed.push(error));
      let bytesRead = (): number => 0;
      app.use((req, _res, next) => {
        bytesRead = () => req.socket.bytesRead;
        next();
      });
      app.use(json({ limit: '10mb' }));
      app.post('/', (_req, res) => res.send('parsed'));
      app.use((error: { type?: string }, _req: AppRequest, res: AppResponse, _next: NextFunction) => {
        errors.push(error.type);
        res.status(400).send('aborted');
      });
      const plain = Buffer.from(JSON.stringify({ data: randomBytes(200_000).toString('hex') }));
      const body = coding === 'gzip' ? gzipSync(plain) : plain;
      const head = `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: ${coding}\r\nContent-Length: ${body.length}\r\n\r\n`;
      try {
        await listen(app);
        const socket = connect(portOf(app), '127.0.0.1');
        socket.on('error', () => {});
        socket.write(head);
        const half = Math.floor(body.length / 2);
        socket.write(body.subarray(0, half));
        await waitFor(() => bytesRead() >= head.length + half, 'the first half read');
        socket.destroy();
        await waitFor(() => errors.length > 0, 'the error handler');
        expect(errors).toEqual(['request.aborted']);
        // A moment for anything late (a write on the closed socket, an inflater error) to show.
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(printed).toEqual([]);
      } finally {
        consoleError.mockRestore();
        process.off('warning', onWarning);
        await within(2000, new Promise((resolve) => app.close(resolve)), 'close');
      }
    },
  );
});

/** Waits until `condition()` holds, for at most two seconds. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: still not so after 2000 ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('charsets', () => {
  const asIs = (body: Buffer): string => body as unknown as string;
  const utf16le = (text: string): Buffer => Buffer.from(text, 'utf16le');

  it('reads JSON in UTF-16LE and UTF-16BE, with and without a byte order mark', async () => {
    const app = echoJson();
    const text = '{"snow":"☃"}';
    for (const [charset, body] of [
      ['utf-16le', utf16le(text)],
      ['utf-16le', utf16le(`\ufeff${text}`)],
      ['utf-16be', utf16le(text).swap16()],
      ['utf-16be', utf16le(`\ufeff${text}`).swap16()],
      ['utf-16', utf16le(`\ufeff${text}`).swap16()],
      ['utf-32le', Buffer.from([0x5b, 0, 0, 0, 0x5d, 0, 0, 0])],
    ] as const) {
      const res = await request(app)
        .post('/')
        .type(`application/json; charset=${charset}`)
        .serialize(asIs)
        .send(body);
      expect(res.status, charset).toBe(200);
      expect(res.body, charset).toEqual(charset === 'utf-32le' ? [] : { snow: '☃' });
    }
  });

  it('refuses JSON in a charset other than utf-* with 415 and body-parser’s message', async () => {
    const res = await request(echoJson()).post('/').type('application/json; charset=latin1').send('{}');
    expect([res.status, res.text]).toEqual([415, 'unsupported charset "LATIN1"']);
  });

  it('refuses an unknown text charset with 415, and decodes one iconv-lite knows', async () => {
    const app = skiff();
    app.use(text());
    app.post('/', (req, res) => res.json(req.body));
    const unknown = await request(app).post('/').type('text/plain; charset=x-unknown').send('a');
    expect([unknown.status, unknown.text]).toEqual([415, 'unsupported charset "X-UNKNOWN"']);
    const sjis = await request(app)
      .post('/')
      .type('text/plain; charset=shift_jis')
      .serialize(asIs)
      .send(Buffer.from([0x82, 0xa0]));
    expect(sjis.body).toBe('あ');
  });
});

describe('verify', () => {
  it('gets the inflated body and the charset; a throw answers 403 with entity.verify.failed', async () => {
    const seen: string[] = [];
    const app = skiff();
    app.use(
      text({
        verify: (_req, _res, body, encoding) => {
          seen.push(`${body.toString()} ${encoding}`);
          if (body.toString() === 'forged') throw new Error('bad signature');
        },
      }),
    );
    app.post('/', (req, res) => res.send(String(req.body)));
    app.use(
      (
        error: { type?: string; status?: number },
        _req: AppRequest,
        res: AppResponse,
        _next: NextFunction,
      ) => {
        res.status(error.status ?? 500).send(String(error.type));
      },
    );
    const good = await request(app)
      .post('/')
      .type('text')
      .set('Content-Encoding', 'gzip')
      .serialize((body: Buffer) => body as unknown as string)
      .send(gzipSync('signed'));
    expect(good.text).toBe('signed');
    const bad = await request(app).post('/').type('text').send('forged');
    expect([bad.status, bad.text]).toEqual([403, 'entity.verify.failed']);
    expect(seen).toEqual(['signed utf-8', 'forged utf-8']);
  });
});

describe('options checked when the parser is made, as body-parser', () => {
  it('refuses a verify that is not a function, and bad urlencoded options', () => {
    expect(() => json({ verify: 'yes' as unknown as () => void })).toThrow(TypeError);
    expect(() => urlencoded({ defaultCharset: 'utf-16' })).toThrow(/'utf-8' or 'iso-8859-1'/);
    expect(() => urlencoded({ parameterLimit: 0 })).toThrow(TypeError);
    expect(() => urlencoded({ extended: true, depth: -1 })).toThrow(TypeError);
  });
});
