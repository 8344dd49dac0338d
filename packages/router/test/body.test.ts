import { connect } from 'node:net';
import skiff, { type App, json, raw, text, urlencoded } from '@skiff/router';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
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
