// Body parsers: json, urlencoded, text, raw; limits, malformed JSON, types, charsets.

import type { NextFunction, Request, Response } from 'express';
import type { AppCase, RequestSpec } from '../types.js';

/** What the parser left in req.body, with its type, so a Buffer and a string are told apart. */
function bodyEcho(req: Request, res: Response): void {
  const body: unknown = req.body;
  const kind = Buffer.isBuffer(body) ? 'buffer' : body === null ? 'null' : typeof body;
  res.json({ kind, body: Buffer.isBuffer(body) ? body.toString('base64') : (body ?? null) });
}

/** A parser's error as its fields, since the final handlers' pages differ on purpose. */
function errorFields(
  err: Error & Record<string, unknown>,
  _req: Request,
  res: Response,
  _next: NextFunction,
): void {
  const status = typeof err.status === 'number' ? err.status : 500;
  res
    .status(status)
    .json({ status, type: err.type ?? null, expose: err.expose ?? null, message: err.message });
}

function post(
  name: string,
  type: string | undefined,
  body: string | Uint8Array,
  extra: Record<string, string> = {},
): RequestSpec {
  return {
    name,
    line: `POST ${name.split(' ')[0]}`,
    headers: { ...(type === undefined ? {} : { 'Content-Type': type }), ...extra },
    body,
  };
}

/** Body parser cases. */
export const bodyCases: AppCase[] = [
  {
    name: 'json parser',
    build(app, { json }) {
      app.post('/json', json(), bodyEcho);
      app.post('/json-small', json({ limit: 10 }), bodyEcho);
      app.post('/json-loose', json({ strict: false }), bodyEcho);
      app.post('/json-type', json({ type: 'text/*' }), bodyEcho);
      app.post('/json-vnd', json({ type: ['application/json', 'application/*+json'] }), bodyEcho);
      app.use(errorFields);
    },
    requests: [
      post('/json object', 'application/json', '{"a":1,"b":[true,null]}'),
      post('/json array', 'application/json', '[1,2]'),
      post('/json charset', 'application/json; charset=utf-8', '{"é":"€"}'),
      post('/json empty', 'application/json', ''),
      post('/json whitespace', 'application/json', '  \n'),
      post('/json bad', 'application/json', '{"a":'),
      post('/json bad token', 'application/json', '{a:1}'),
      post('/json primitive strict', 'application/json', '"text"'),
      post('/json number strict', 'application/json', '42'),
      post('/json leading space primitive', 'application/json', '  true'),
      post('/json wrong type', 'text/plain', '{"a":1}'),
      post('/json no type', undefined, '{"a":1}'),
      post('/json vnd not matched', 'application/vnd.api+json', '{"a":1}'),
      post('/json bad charset', 'application/json; charset=koi8-r', '{"a":1}'),
      post('/json latin1 charset', 'application/json; charset=iso-8859-1', '{"a":1}'),
      post('/json-small over', 'application/json', '{"long":"01234567890"}'),
      post('/json-small fits', 'application/json', '{"a":1}'),
      post('/json-loose primitive', 'application/json', '"text"'),
      post('/json-type text', 'text/plain', '{"t":1}'),
      post('/json-type json not matched', 'application/json', '{"t":1}'),
      post('/json-vnd vnd', 'application/vnd.api+json', '{"v":1}'),
      {
        name: 'GET json with body',
        line: 'GET /json',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      },
      {
        name: '/json chunked',
        line: 'POST /json',
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        body: '4\r\n{"a"\r\n3\r\n:1}\r\n0\r\n\r\n',
      },
      post('/json gzip', 'application/json', 'xx', { 'Content-Encoding': 'gzip' }),
      post('/json identity encoding', 'application/json', '{"i":1}', { 'Content-Encoding': 'identity' }),
      post('/json unknown encoding', 'application/json', '{"i":1}', { 'Content-Encoding': 'compress-x' }),
      post('/json proto', 'application/json', '{"__proto__":{"x":1},"a":1}'),
    ],
  },
  {
    name: 'urlencoded parser',
    build(app, { urlencoded }) {
      app.post('/form', urlencoded({ extended: false }), bodyEcho);
      app.post('/form-limit', urlencoded({ extended: false, parameterLimit: 2 }), bodyEcho);
      app.post('/form-small', urlencoded({ extended: false, limit: 8 }), bodyEcho);
      app.use(errorFields);
    },
    requests: [
      post('/form simple', 'application/x-www-form-urlencoded', 'a=1&b=two'),
      post('/form repeated', 'application/x-www-form-urlencoded', 'a=1&a=2&a=3'),
      post('/form encoded', 'application/x-www-form-urlencoded', 'q=a+b%20c&e=%E2%82%AC'),
      post('/form brackets', 'application/x-www-form-urlencoded', 'a[b]=1&c[]=2'),
      post('/form empty', 'application/x-www-form-urlencoded', ''),
      post('/form odd', 'application/x-www-form-urlencoded', '=x&y&&z=%zz'),
      post('/form charset', 'application/x-www-form-urlencoded; charset=utf-8', 'a=1'),
      post('/form bad charset', 'application/x-www-form-urlencoded; charset=latin1', 'a=1'),
      post('/form wrong type', 'text/plain', 'a=1'),
      post('/form-limit over', 'application/x-www-form-urlencoded', 'a=1&b=2&c=3'),
      post('/form-limit fits', 'application/x-www-form-urlencoded', 'a=1&b=2'),
      post('/form-small over', 'application/x-www-form-urlencoded', 'abcdefghij=1'),
    ],
  },
  {
    name: 'text and raw parsers',
    build(app, { text, raw }) {
      app.post('/text', text(), bodyEcho);
      app.post('/text-any', text({ type: '*/*' }), bodyEcho);
      app.post('/text-small', text({ limit: '4b' }), bodyEcho);
      app.post('/raw', raw(), bodyEcho);
      app.post('/raw-any', raw({ type: () => true }), bodyEcho);
      app.post('/raw-small', raw({ limit: 3 }), bodyEcho);
      app.use(errorFields);
    },
    requests: [
      post('/text plain', 'text/plain', 'hello'),
      post('/text utf8', 'text/plain; charset=utf-8', 'héllo'),
      post('/text latin1', 'text/plain; charset=iso-8859-1', Buffer.from('caf\u00e9', 'latin1')),
      post('/text bad charset', 'text/plain; charset=nope', 'x'),
      post('/text html', 'text/html', '<p>'),
      post('/text empty', 'text/plain', ''),
      post('/text-any json', 'application/json', '{"a":1}'),
      post('/text-any none', undefined, 'untyped'),
      post('/text-small over', 'text/plain', 'too long'),
      post('/raw bytes', 'application/octet-stream', Buffer.from([0x62, 0x00, 0xff, 0xfe])),
      post('/raw empty', 'application/octet-stream', ''),
      post('/raw other type', 'image/png', 'png'),
      post('/raw-any text', 'text/plain', 'anything'),
      post('/raw-small over', 'application/octet-stream', 'abcd'),
      post('/raw-small fits', 'application/octet-stream', 'abc'),
      {
        name: '/raw bad length',
        method: 'POST',
        raw: 'POST /raw HTTP/1.1\r\nHost: example.test\r\nContent-Type: application/octet-stream\r\nContent-Length: abc\r\n\r\n',
      },
    ],
  },
];
