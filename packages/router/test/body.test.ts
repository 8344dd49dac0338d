import skiff, { json, raw, text, urlencoded } from '@skiff/router';
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
    expect(res.text).toMatch(/^Malformed JSON body/);
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
    expect(res.text).toMatch(/larger than the limit of 64 bytes/);
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

  it('refuses compressed request bodies with 415', async () => {
    const res = await request(echoApp())
      .post('/echo')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{}');
    expect(res.status).toBe(415);
  });
});
