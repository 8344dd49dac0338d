import type { ParserCase } from '../harness.js';

const post = (fields: string, body = '') =>
  `POST /upload HTTP/1.1\r\nHost: example.com\r\n${fields}\r\n${body}`;

/** Bodies delimited by Content-Length (RFC 9112 §6.2, §6.3 rules 5 and 6). */
export const contentLengthCases: readonly ParserCase[] = [
  {
    name: 'GET without framing fields has no body',
    input: 'GET / HTTP/1.1\r\nHost: example.com\r\n\r\n',
    expect: { messages: [{ method: 'GET', target: '/', versionMinor: 1, framing: 'none', body: '' }] },
  },
  {
    name: 'Content-Length body',
    input: post('Content-Length: 5\r\n', 'hello'),
    expect: { messages: [{ method: 'POST', framing: 'length', length: 5, body: 'hello' }] },
  },
  {
    name: 'Content-Length: 0 completes without a body',
    input: post('Content-Length: 0\r\n'),
    expect: { messages: [{ framing: 'length', length: 0, body: '' }] },
  },
  {
    name: 'Content-Length with leading zeros',
    input: post('Content-Length: 005\r\n', 'hello'),
    expect: { messages: [{ length: 5, body: 'hello' }] },
  },
  {
    name: 'Content-Length with OWS around the value',
    input: post('Content-Length: \t 5 \t\r\n', 'hello'),
    expect: { messages: [{ length: 5, body: 'hello' }] },
  },
  {
    name: 'Content-Length list of equal values',
    input: post('Content-Length: 5, 5\r\n', 'hello'),
    expect: { messages: [{ length: 5, body: 'hello' }] },
  },
  {
    name: 'Content-Length repeated with equal values',
    input: post('Content-Length: 5\r\nContent-Length: 5\r\n', 'hello'),
    expect: { messages: [{ length: 5, body: 'hello' }] },
  },
  {
    name: 'binary body bytes pass through unchanged',
    input: post('Content-Length: 6\r\n', '\x00\xff\r\n\x7f\x80'),
    expect: { messages: [{ body: '\x00\xff\r\n\x7f\x80' }] },
  },
  {
    name: 'body that looks like a request is body',
    input: post('Content-Length: 38\r\n', 'GET /smuggled HTTP/1.1\r\nHost: evil\r\n\r\n'),
    expect: { messages: [{ method: 'POST', body: 'GET /smuggled HTTP/1.1\r\nHost: evil\r\n\r\n' }] },
  },
  {
    name: 'Content-Length list of differing values',
    input: post('Content-Length: 5, 6\r\n', 'hello'),
    expect: { error: 'CONFLICTING_CONTENT_LENGTH', status: 400 },
  },
  {
    name: 'Content-Length repeated with differing values',
    input: post('Content-Length: 5\r\nContent-Length: 6\r\n', 'hello'),
    expect: { error: 'CONFLICTING_CONTENT_LENGTH', status: 400 },
  },
  {
    name: 'Content-Length list with an invalid member is invalid, not conflicting',
    input: post('Content-Length: 6, x\r\n', 'hello'),
    expect: { error: 'INVALID_CONTENT_LENGTH', status: 400 },
  },
  ...['+5', '-5', '0x5', '5e0', '5 5', '5g', '5.0', '1_000', '', '5,', ',5', '5,,5', 'five'].map(
    (value): ParserCase => ({
      name: `Content-Length ${JSON.stringify(value)} is invalid`,
      input: post(`Content-Length: ${value}\r\n`, 'hello'),
      expect: { error: 'INVALID_CONTENT_LENGTH', status: 400 },
    }),
  ),
  {
    name: 'Content-Length with U+00A0 (UTF-8) before the digits is invalid',
    input: post('Content-Length: \xc2\xa05\r\n', 'hello'),
    expect: { error: 'INVALID_CONTENT_LENGTH', status: 400 },
  },
  {
    name: 'Content-Length with a latin1 no-break space after the digits is invalid',
    input: post('Content-Length: 5\xa0\r\n', 'hello'),
    expect: { error: 'INVALID_CONTENT_LENGTH', status: 400 },
  },
  {
    name: 'Content-Length with a byte order mark is invalid',
    input: post('Content-Length: \xef\xbb\xbf5\r\n', 'hello'),
    expect: { error: 'INVALID_CONTENT_LENGTH', status: 400 },
  },
  {
    name: 'Content-Length with a vertical tab is an invalid field value',
    input: post('Content-Length: \x0b5\r\n', 'hello'),
    expect: { error: 'INVALID_HEADER_VALUE', status: 400 },
  },
  {
    name: 'Content-Length with a form feed after the digits is an invalid field value',
    input: post('Content-Length: 5\x0c\r\n', 'hello'),
    expect: { error: 'INVALID_HEADER_VALUE', status: 400 },
  },
  {
    name: 'Content-Length above Number.MAX_SAFE_INTEGER is invalid',
    input: post('Content-Length: 9007199254740992\r\n'),
    expect: { error: 'INVALID_CONTENT_LENGTH', status: 400 },
  },
  {
    name: 'Content-Length with 30 digits is invalid',
    input: post('Content-Length: 100000000000000000000000000005\r\n'),
    expect: { error: 'INVALID_CONTENT_LENGTH', status: 400 },
  },
];
