import { Server } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import skiff from '@skiff/router';
import bodyParser from 'body-parser';
import express, { type ErrorRequestHandler } from 'express';
import type { Test } from 'supertest';
import { describe, expect, it } from 'vitest';
import { type Agent, type AppLike, errorAsJson, runOn, sideBySide } from './side-by-side.js';

function echoBody(app: AppLike): void {
  app.all('/', (req, res) => {
    const body: unknown = req.body;
    res.json(Buffer.isBuffer(body) ? { buffer: body.toString('hex') } : { body: body ?? null });
  });
  app.use(errorAsJson);
}

sideBySide(
  'body-parser json()',
  (app) => {
    app.use(bodyParser.json({ limit: '100b' }));
    echoBody(app);
  },
  async ({ agent }) => {
    const parsed = await agent.post('/').send({ name: 'Ada', tags: ['x', 'y'] });
    expect(parsed.body).toEqual({ body: { name: 'Ada', tags: ['x', 'y'] } });

    const malformed = await agent.post('/').type('json').send('{"name":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('entity.parse.failed');

    const large = await agent.post('/').send({ text: 'x'.repeat(200) });
    expect(large.status).toBe(413);
    expect(large.body.type).toBe('entity.too.large');

    // Another type is left alone: no body.
    const other = await agent.post('/').type('text').send('plain');
    expect(other.body).toEqual({ body: null });
  },
);

sideBySide(
  'body-parser urlencoded()',
  (app) => {
    app.use(bodyParser.urlencoded({ extended: true }));
    echoBody(app);
  },
  async ({ agent }) => {
    const parsed = await agent.post('/').type('form').send('name=Ada+L&tags[]=x&tags[]=y&user[id]=7');
    expect(parsed.body).toEqual({ body: { name: 'Ada L', tags: ['x', 'y'], user: { id: '7' } } });

    const empty = await agent.post('/').type('form').send('');
    expect(empty.body).toEqual({ body: {} });
  },
);

sideBySide(
  'body-parser raw()',
  (app) => {
    app.use(bodyParser.raw({ type: 'application/octet-stream' }));
    echoBody(app);
  },
  async ({ agent }) => {
    const parsed = await agent
      .post('/')
      .type('application/octet-stream')
      .send(Buffer.from([0, 1, 2, 254, 255]));
    expect(parsed.body).toEqual({ buffer: '000102feff' });

    // A chunked body, without Content-Length.
    const test = agent.post('/').type('application/octet-stream');
    test.write(Buffer.from([1, 2]));
    test.write(Buffer.from([3]));
    const chunked = await test;
    expect(chunked.body).toEqual({ buffer: '010203' });
  },
);

sideBySide(
  'body-parser text()',
  (app) => {
    app.use(bodyParser.text());
    echoBody(app);
  },
  async ({ agent }) => {
    const parsed = await agent.post('/').type('text/plain; charset=utf-8').send('héllo, wörld');
    expect(parsed.body).toEqual({ body: 'héllo, wörld' });

    const latin1 = await agent
      .post('/')
      .type('text/plain; charset=iso-8859-1')
      .send(Buffer.from('café', 'latin1'));
    expect(latin1.body).toEqual({ body: 'café' });

    // An empty body is an empty string; no body at all (a GET) leaves req.body undefined.
    const empty = await agent.post('/').type('text/plain').send('');
    expect(empty.body).toEqual({ body: '' });
    const bodyless = await agent.get('/');
    expect(bodyless.body).toEqual({ body: null });
  },
);

// ---- Skiff's own parsers against Express's own (express.json() is body-parser 2) ----

/** The body parsers an app's framework has: `express.json()` on Express, `skiff.json()` on Skiff. */
interface Parsers extends Pick<typeof express, 'json' | 'raw' | 'text'> {
  /** With body-parser 2's options that @types/body-parser (1.x) does not list. */
  urlencoded(options?: FormOptions): ReturnType<typeof express.urlencoded>;
}

type FormOptions = NonNullable<Parameters<typeof express.urlencoded>[0]> & {
  depth?: number;
  charsetSentinel?: boolean;
};

function parsersOf(app: AppLike): Parsers {
  // Skiff's app is a net.Server; Express's is a function.
  return app instanceof Server ? (skiff as unknown as Parsers) : express;
}

/** A value of an error field as JSON can carry it: a Buffer as `hex:...`. */
function fieldValue(value: unknown): unknown {
  return Buffer.isBuffer(value) ? `hex:${value.toString('hex')}` : value;
}

/** Every field body-parser sets on its errors, sent as JSON, so both sides' errors are compared whole. */
const errorFields: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const fields = error as Record<string, unknown>;
  const status = typeof fields.status === 'number' ? fields.status : 500;
  const names = ['name', 'message', 'status', 'statusCode', 'expose', 'type', 'body', 'charset', 'encoding'];
  const more = ['limit', 'length', 'expected', 'received', 'code', 'errno'];
  const seen: Record<string, unknown> = { syntaxError: error instanceof SyntaxError };
  for (const name of [...names, ...more]) {
    if (fields[name] !== undefined) seen[name] = fieldValue(fields[name]);
  }
  res.status(status).json(seen);
};

/** Answers with what the parser put in req.body. */
function echo(req: express.Request, res: express.Response): void {
  const body: unknown = req.body;
  res.json(Buffer.isBuffer(body) ? { buffer: body.toString('hex') } : { body: body ?? null });
}

/** Sends `data` as a chunked body, in pieces of `size` bytes. */
function inPieces(test: Test, data: Buffer, size: number): Test {
  for (let offset = 0; offset < data.length; offset += size) test.write(data.subarray(offset, offset + size));
  return test;
}

/** Sends a Buffer as it is, under any Content-Type (supertest would write a Buffer sent as JSON as an object). */
const asIs = (body: Buffer): string => body as unknown as string;

const document = JSON.stringify({ name: 'Ada', list: Array.from({ length: 50 }, (_, index) => index) });

sideBySide(
  'json(): gzip, deflate and br bodies are inflated, whole or in tiny chunks, as express.json()',
  (app) => {
    const parsers = parsersOf(app);
    app.post('/json', parsers.json(), echo);
    app.post('/raw', parsers.raw(), echo);
    app.post('/text', parsers.text(), echo);
    app.use(errorFields);
  },
  async ({ agent }) => {
    const expected = { body: JSON.parse(document) };
    const gzip = await agent
      .post('/json')
      .type('json')
      .set('Content-Encoding', 'gzip')
      .serialize(asIs)
      .send(gzipSync(document));
    expect(gzip.body).toEqual(expected);
    const deflate = await agent
      .post('/json')
      .type('json')
      .set('Content-Encoding', 'deflate')
      .serialize(asIs)
      .send(deflateSync(document));
    expect(deflate.body).toEqual(expected);
    const br = await agent
      .post('/json')
      .type('json')
      .set('Content-Encoding', 'br')
      .serialize(asIs)
      .send(brotliCompressSync(document));
    expect(br.body).toEqual(expected);
    // The coding's name in any case; `identity` is no coding.
    const upper = await agent
      .post('/json')
      .type('json')
      .set('Content-Encoding', 'GZIP')
      .serialize(asIs)
      .send(gzipSync('[1]'));
    expect(upper.body).toEqual({ body: [1] });
    const identity = await agent.post('/json').type('json').set('Content-Encoding', 'identity').send('[2]');
    expect(identity.body).toEqual({ body: [2] });
    // Chunked, three bytes a chunk.
    for (const [coding, data] of [
      ['gzip', gzipSync(document)],
      ['deflate', deflateSync(document)],
      ['br', brotliCompressSync(document)],
    ] as const) {
      const pieces = await inPieces(
        agent.post('/json').type('json').set('Content-Encoding', coding),
        data,
        3,
      );
      expect(pieces.body).toEqual(expected);
    }
    const raw = await agent
      .post('/raw')
      .type('application/octet-stream')
      .set('Content-Encoding', 'gzip')
      .serialize(asIs)
      .send(gzipSync(Buffer.from([0, 1, 255])));
    expect(raw.body).toEqual({ buffer: '0001ff' });
    const text = await agent
      .post('/text')
      .type('text/plain; charset=utf-16le')
      .set('Content-Encoding', 'deflate')
      .serialize(asIs)
      .send(deflateSync(Buffer.from('héllo', 'utf16le')));
    expect(text.body).toEqual({ body: 'héllo' });
  },
);

sideBySide(
  'inflation refused: an unknown coding, inflate: false, a corrupt or truncated stream',
  (app) => {
    const parsers = parsersOf(app);
    app.post('/json', parsers.json(), echo);
    app.post('/off', parsers.json({ inflate: false }), echo);
    app.post('/text', parsers.text(), echo);
    app.use(errorFields);
  },
  async ({ agent }) => {
    const unknown = await agent.post('/json').type('json').set('Content-Encoding', 'compress').send('{}');
    expect(unknown.status).toBe(415);
    expect(unknown.body.message).toBe('unsupported content encoding "compress"');
    expect(unknown.body.type).toBe('encoding.unsupported');
    // Two codings in a row are one unknown name to body-parser.
    const stacked = await agent.post('/json').type('json').set('Content-Encoding', 'gzip, br').send('{}');
    expect(stacked.status).toBe(415);
    const off = await agent
      .post('/off')
      .type('json')
      .set('Content-Encoding', 'gzip')
      .serialize(asIs)
      .send(gzipSync('{}'));
    expect([off.status, off.body.message]).toEqual([415, 'content encoding unsupported']);
    const offPlain = await agent.post('/off').type('json').send('{"a":1}');
    expect(offPlain.body).toEqual({ body: { a: 1 } });

    const corrupt = await agent
      .post('/json')
      .type('json')
      .set('Content-Encoding', 'gzip')
      .send('{"not":"gzip"}');
    expect(corrupt.status).toBe(400);
    expect(corrupt.body).toMatchObject({
      message: 'incorrect header check',
      code: 'Z_DATA_ERROR',
      expose: true,
    });
    const whole = gzipSync(document);
    const truncated = await agent
      .post('/json')
      .type('json')
      .set('Content-Encoding', 'gzip')
      .serialize(asIs)
      .send(whole.subarray(0, whole.length - 10));
    expect(truncated.status).toBe(400);
    expect(truncated.body).toMatchObject({ message: 'unexpected end of file', code: 'Z_BUF_ERROR' });
    const badDeflate = await agent
      .post('/text')
      .type('text')
      .set('Content-Encoding', 'deflate')
      .send('plain');
    expect(badDeflate.status).toBe(400);
    const badBrotli = await agent.post('/text').type('text').set('Content-Encoding', 'br').send('plain text');
    expect(badBrotli.status).toBe(400);
    const truncatedPieces = await inPieces(
      agent.post('/json').type('json').set('Content-Encoding', 'gzip'),
      whole.subarray(0, 20),
      2,
    );
    expect(truncatedPieces.status).toBe(400);
  },
);

sideBySide(
  'the limit counts inflated bytes: a deflate bomb gets 413',
  (app) => {
    const parsers = parsersOf(app);
    app.post('/json', parsers.json({ limit: '10kb' }), echo);
    app.post('/raw', parsers.raw({ limit: 1000 }), echo);
    app.use(errorFields);
  },
  async ({ agent }) => {
    const bomb = deflateSync(Buffer.alloc(1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(10 * 1024);
    const refused = await agent
      .post('/json')
      .type('json')
      .set('Content-Encoding', 'deflate')
      .serialize(asIs)
      .send(bomb);
    expect(refused.status).toBe(413);
    expect(refused.body).toMatchObject({
      message: 'request entity too large',
      type: 'entity.too.large',
      limit: 10240,
    });
    const gzipBomb = await inPieces(
      agent.post('/raw').type('application/octet-stream').set('Content-Encoding', 'gzip'),
      gzipSync(Buffer.alloc(100_000)),
      16,
    );
    expect(gzipBomb.status).toBe(413);
    // Under the limit once inflated, though larger compressed than the limit is no matter.
    const fits = await agent
      .post('/raw')
      .type('application/octet-stream')
      .set('Content-Encoding', 'gzip')
      .serialize(asIs)
      .send(gzipSync(Buffer.alloc(1000, 7)));
    expect(fits.body).toEqual({ buffer: '07'.repeat(1000) });
    // An uncompressed body is refused by its Content-Length: expected and length are set.
    const declared = await agent
      .post('/raw')
      .type('application/octet-stream')
      .serialize(asIs)
      .send(Buffer.alloc(1001));
    expect(declared.body).toMatchObject({ expected: 1001, length: 1001, limit: 1000 });
  },
  // How many bytes were inflated when the limit was crossed depends on how the chunks arrived,
  // and so do the length and the ETag of the body that reports it.
  {
    normalizeBody: (body) => body.replace(/"received":\d+/, '"received":"over the limit"'),
    ignore: ['content-length', 'etag'],
  },
);

/** `text` in UTF-16 with or without a byte order mark. */
function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const little = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
  return order === 'le' ? little : little.swap16();
}

sideBySide(
  'charsets: JSON in UTF-16 and UTF-32, text in any charset iconv-lite knows, forms in UTF-8 or ISO-8859-1',
  (app) => {
    const parsers = parsersOf(app);
    app.post('/json', parsers.json(), echo);
    app.post('/text', parsers.text(), echo);
    app.post('/form', parsers.urlencoded(), echo);
    app.post('/latin', parsers.text({ defaultCharset: 'iso-8859-1' }), echo);
    app.use(errorFields);
  },
  async ({ agent }) => {
    const json = '{"name":"Zoë ☃"}';
    const expected = { body: { name: 'Zoë ☃' } };
    for (const [charset, bytes] of [
      ['utf-16le', utf16(json, 'le', false)],
      ['utf-16le', utf16(json, 'le', true)],
      ['utf-16be', utf16(json, 'be', false)],
      ['utf-16be', utf16(json, 'be', true)],
      ['utf-16', utf16(json, 'be', true)],
      ['utf-16', utf16(json, 'le', true)],
      ['UTF-8', Buffer.from(`\ufeff${json}`)],
    ] as const) {
      const res = await agent
        .post('/json')
        .type(`application/json; charset=${charset}`)
        .serialize(asIs)
        .send(bytes);
      expect(res.body).toEqual(expected);
    }
    const quoted = await agent
      .post('/json')
      .type('application/json; charset="utf-16le"')
      .serialize(asIs)
      .send(utf16(json, 'le', false));
    expect(quoted.body).toEqual(expected);
    // Only utf-* for JSON, and only those iconv-lite knows.
    for (const charset of ['latin1', 'utf8', 'utf-9', 'koi8-r']) {
      const res = await agent.post('/json').type(`application/json; charset=${charset}`).send('{}');
      expect(res.status).toBe(415);
      expect(res.body.type).toBe('charset.unsupported');
    }
    for (const [charset, bytes, text] of [
      ['windows-1252', Buffer.from([0x80, 0x20, 0xe9]), '€ é'],
      ['latin1', Buffer.from([0x80, 0xe9]), '\u0080é'],
      ['koi8-r', Buffer.from([0xc1, 0xc2]), 'аб'],
      ['utf-16le', utf16('☃ ok', 'le', true), '☃ ok'],
      ['utf-16be', utf16('☃ ok', 'be', false), '☃ ok'],
      ['utf-8', Buffer.from([0x61, 0xff, 0x62]), 'a\ufffdb'],
    ] as const) {
      const res = await agent
        .post('/text')
        .type(`text/plain; charset=${charset}`)
        .serialize(asIs)
        .send(bytes);
      expect(res.body).toEqual({ body: text });
    }
    const unknown = await agent.post('/text').type('text/plain; charset=x-klingon').send('qapla');
    expect([unknown.status, unknown.body.message]).toEqual([415, 'unsupported charset "X-KLINGON"']);
    const fallback = await agent
      .post('/latin')
      .type('text/plain')
      .serialize(asIs)
      .send(Buffer.from([0xe9]));
    expect(fallback.body).toEqual({ body: 'é' });

    const latinForm = await agent
      .post('/form')
      .type('application/x-www-form-urlencoded; charset=iso-8859-1')
      .send('name=Zo%EB&city=K%C3%B6ln');
    expect(latinForm.body).toEqual({ body: { name: 'Zoë', city: 'KÃ¶ln' } });
    const utf16Form = await agent
      .post('/form')
      .type('application/x-www-form-urlencoded; charset=utf-16')
      .send('a=1');
    expect(utf16Form.status).toBe(415);
  },
);

sideBySide(
  'verify(req, res, buf, encoding): called with the inflated bytes; a throw is 403 or its own status',
  (app) => {
    const parsers = parsersOf(app);
    const verify = (
      req: express.Request,
      res: express.Response,
      buf: Buffer,
      encoding: string | null,
    ): void => {
      res.setHeader('X-Verified', `${buf.toString('hex')} ${String(encoding)}`);
      const mode = req.headers['x-fail'];
      if (mode === 'plain') throw new Error('bad signature');
      if (mode === 'status')
        throw Object.assign(new Error('who are you'), { status: 401, type: 'auth.failed' });
      if (mode === 'string') throw 'no';
    };
    app.post('/json', parsers.json({ verify }), echo);
    app.post('/raw', parsers.raw({ verify }), echo);
    app.post('/text', parsers.text({ verify }), echo);
    app.use(errorFields);
  },
  async ({ agent }) => {
    const passed = await agent
      .post('/json')
      .type('json')
      .set('Content-Encoding', 'gzip')
      .serialize(asIs)
      .send(gzipSync('[1]'));
    expect(passed.headers['x-verified']).toBe('5b315d utf-8');
    expect(passed.body).toEqual({ body: [1] });
    const raw = await agent
      .post('/raw')
      .type('application/octet-stream')
      .serialize(asIs)
      .send(Buffer.from([9]));
    expect(raw.headers['x-verified']).toBe('09 null');
    const plain = await agent.post('/json').type('json').set('X-Fail', 'plain').send('[1]');
    expect(plain.status).toBe(403);
    expect(plain.body).toMatchObject({
      type: 'entity.verify.failed',
      message: 'bad signature',
      body: 'hex:5b315d',
    });
    const own = await agent.post('/json').type('json').set('X-Fail', 'status').send('[1]');
    expect(own.status).toBe(401);
    expect(own.body.type).toBe('auth.failed');
    const thrownString = await agent.post('/text').type('text').set('X-Fail', 'string').send('x');
    expect(thrownString.status).toBe(403);
    // With verify, an unknown charset is refused before the body is read.
    const unknown = await agent.post('/text').type('text/plain; charset=x-none').send('x');
    expect(unknown.status).toBe(415);
    expect(unknown.headers['x-verified']).toBeUndefined();
  },
);

sideBySide(
  'parse errors: the SyntaxError JSON.parse gives, with body-parser’s strict-mode message',
  (app) => {
    const parsers = parsersOf(app);
    app.post('/json', parsers.json(), echo);
    app.post('/loose', parsers.json({ strict: false }), echo);
    app.use(errorFields);
  },
  async ({ agent }) => {
    for (const body of ['"text"', '  12', 'true', '   ', '{"a":', '\n\t"x"', '[1,]', 'nul']) {
      const res = await agent.post('/json').type('json').send(body);
      expect(res.status).toBe(400);
      expect(res.body.syntaxError).toBe(true);
      expect(res.body.body).toBe(body);
    }
    const loose = await agent.post('/loose').type('json').send('"text"');
    expect(loose.body).toEqual({ body: 'text' });
    const empty = await agent.post('/loose').type('json').send('');
    expect(empty.body).toEqual({ body: {} });
  },
);

sideBySide(
  'urlencoded(): qs in both modes, as body-parser 2',
  (app) => {
    const parsers = parsersOf(app);
    app.post('/flat', parsers.urlencoded(), echo);
    app.post('/nested', parsers.urlencoded({ extended: true }), echo);
    app.post('/shallow', parsers.urlencoded({ extended: true, depth: 1 }), echo);
    app.post('/few', parsers.urlencoded({ parameterLimit: 2 }), echo);
    app.post('/sentinel', parsers.urlencoded({ charsetSentinel: true }), echo);
    app.use(errorFields);
  },
  async ({ agent }) => {
    const form = 'a[b]=1&a[]=2&c=3&c=4&__proto__=x&d=%E9&e=%zz&=f&g&h=i=j&k+l=m+n';
    const flat = await agent.post('/flat').type('form').send(form);
    expect(flat.body.body['a[b]']).toBe('1');
    const nested = await agent.post('/nested').type('form').send(form);
    expect(nested.body.body.c).toEqual(['3', '4']);
    const arrays = await agent.post('/nested').type('form').send('list[0]=a&list[2]=c&list[1]=b&obj[x][y]=z');
    expect(arrays.body).toEqual({ body: { list: ['a', 'b', 'c'], obj: { x: { y: 'z' } } } });
    const deep = await agent.post('/shallow').type('form').send('a[b][c]=1');
    expect(deep.status).toBe(400);
    expect(deep.body.type).toBe('querystring.parse.rangeError');
    const many = await agent.post('/few').type('form').send('a=1&b=2&c=3');
    expect([many.status, many.body.type, many.body.message]).toEqual([
      413,
      'parameters.too.many',
      'too many parameters',
    ]);
    const sentinel = await agent.post('/sentinel').type('form').send('utf8=%26%2310003%3B&name=Zo%EB');
    expect(sentinel.body).toEqual({ body: { name: 'Zoë' } });
  },
);

describe("body parser errors through each framework's default error handler", () => {
  it('answer with the same status; Express’s page shows the stack (in HTML), Skiff’s the exposed message', async () => {
    const build = (app: AppLike): void => {
      const parsers = parsersOf(app);
      app.post('/json', parsers.json({ limit: 64 }), echo);
      app.post('/text', parsers.text({ verify: () => {} }), echo);
      app.post('/form', parsers.urlencoded({ parameterLimit: 1 }), echo);
    };
    const scenario = async ({ agent }: { agent: Agent }): Promise<void> => {
      await agent.post('/json').type('json').send('{"a":');
      await agent
        .post('/json')
        .type('json')
        .send(`[${'1,'.repeat(40)}1]`);
      await agent.post('/json').type('application/json; charset=latin1').send('{}');
      await agent.post('/json').type('json').set('Content-Encoding', 'x-zip').send('{}');
      await agent.post('/json').type('json').set('Content-Encoding', 'gzip').send('{}');
      await agent.post('/text').type('text/plain; charset=x-none').send('a');
      await agent.post('/form').type('form').send('a=1&b=2');
    };
    const express = await runOn('express', build, scenario);
    const skiffRun = await runOn('skiff', build, scenario);
    expect(skiffRun.failure).toBeUndefined();
    expect(skiffRun.exchanges.map((exchange) => exchange.status)).toEqual(
      express.exchanges.map((exchange) => exchange.status),
    );
    expect(express.exchanges.map((exchange) => exchange.status)).toEqual([400, 413, 415, 415, 400, 415, 413]);
    const messages = [
      'Unexpected end of JSON input',
      'request entity too large',
      'unsupported charset "LATIN1"',
      'unsupported content encoding "x-zip"',
      'incorrect header check',
      'unsupported charset "X-NONE"',
      'too many parameters',
    ];
    expect(skiffRun.exchanges.map((exchange) => exchange.body)).toEqual(messages);
    express.exchanges.forEach((exchange, index) => {
      expect(exchange.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(exchange.body).toContain((messages[index] ?? '').replaceAll('"', '&quot;'));
    });
  });
});
