import type { ParserCase } from '../harness.js';

const head = (fields = 'Transfer-Encoding: chunked\r\n', version = '1.1') =>
  `POST /upload HTTP/${version}\r\nHost: example.com\r\n${fields}\r\n`;
const chunked = (body: string, fields?: string) => head(fields) + body;

/** Chunked transfer coding (RFC 9112 §7.1) and the Transfer-Encoding rules of §6.1 and §6.3 rule 4. */
export const chunkedCases: readonly ParserCase[] = [
  {
    name: 'one chunk',
    input: chunked('5\r\nhello\r\n0\r\n\r\n'),
    expect: {
      messages: [{ framing: 'chunked', body: 'hello', trailers: [], keepAlive: true, mustClose: false }],
    },
  },
  {
    name: 'several chunks, upper- and lower-case hex, leading zeros',
    input: chunked('5\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n00b\r\nabcdefghijk\r\n000\r\n\r\n'),
    expect: { messages: [{ body: 'hello 0123456789abcdefghijk' }] },
  },
  {
    name: 'chunk data holding CRLF and binary bytes',
    input: chunked('6\r\n\r\n\x00\xff\r\n\r\n0\r\n\r\n'),
    expect: { messages: [{ body: '\r\n\x00\xff\r\n' }] },
  },
  {
    name: 'no chunk before the last chunk',
    input: chunked('0\r\n\r\n'),
    expect: { messages: [{ framing: 'chunked', body: '', trailers: [] }] },
  },
  {
    name: 'chunk extensions are read and ignored',
    input: chunked(
      '5;name=value\r\nhello\r\n3 ; a ; b = "quoted \\" ;x" ;c=\t"\xe9"\r\nabc\r\n0;last\r\n\r\n',
    ),
    expect: { messages: [{ body: 'helloabc' }] },
  },
  {
    name: 'trailers are passed on in order with their case',
    input: chunked('5\r\nhello\r\n0\r\nX-Checksum: abc\r\nx-other:\t d \r\n\r\n'),
    expect: { messages: [{ body: 'hello', trailers: ['X-Checksum', 'abc', 'x-other', 'd'] }] },
  },
  {
    name: 'Transfer-Encoding is case-insensitive and may carry OWS and empty list members',
    input: chunked('3\r\nabc\r\n0\r\n\r\n', 'Transfer-Encoding: , CHUNKED ,\r\n'),
    expect: { messages: [{ framing: 'chunked', body: 'abc' }] },
  },
  {
    name: 'Transfer-Encoding chunked in HTTP/1.0 is decoded, then the connection must close',
    input: `${head('Transfer-Encoding: chunked\r\n', '1.0')}3\r\nabc\r\n0\r\n\r\n`,
    expect: {
      messages: [{ versionMinor: 0, framing: 'chunked', body: 'abc', keepAlive: false, mustClose: true }],
    },
  },
  {
    name: 'Transfer-Encoding chunked in HTTP/1.0 with keep-alive still must close',
    input: `${head('Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n', '1.0')}0\r\n\r\n`,
    expect: { messages: [{ keepAlive: true, mustClose: true }] },
  },
  {
    name: 'chunked then gzip: chunked is not final',
    input: chunked('0\r\n\r\n', 'Transfer-Encoding: chunked, gzip\r\n'),
    expect: { error: 'INVALID_TRANSFER_ENCODING', status: 400 },
  },
  {
    name: 'gzip alone: chunked is not final',
    input: chunked('', 'Transfer-Encoding: gzip\r\n'),
    expect: { error: 'INVALID_TRANSFER_ENCODING', status: 400 },
  },
  {
    name: 'identity alone is not chunked',
    input: chunked('', 'Transfer-Encoding: identity\r\n'),
    expect: { error: 'INVALID_TRANSFER_ENCODING', status: 400 },
  },
  {
    name: 'empty Transfer-Encoding',
    input: chunked('', 'Transfer-Encoding: \r\n'),
    expect: { error: 'INVALID_TRANSFER_ENCODING', status: 400 },
  },
  {
    name: 'chunked twice in one field',
    input: chunked('0\r\n\r\n', 'Transfer-Encoding: chunked, chunked\r\n'),
    expect: { error: 'INVALID_TRANSFER_ENCODING', status: 400 },
  },
  {
    name: 'chunked twice in two fields',
    input: chunked('0\r\n\r\n', 'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n'),
    expect: { error: 'INVALID_TRANSFER_ENCODING', status: 400 },
  },
  {
    name: 'chunked with a parameter',
    input: chunked('0\r\n\r\n', 'Transfer-Encoding: chunked;q=1\r\n'),
    expect: { error: 'INVALID_TRANSFER_ENCODING', status: 400 },
  },
  {
    name: 'a name that merely contains chunked',
    input: chunked('0\r\n\r\n', 'Transfer-Encoding: xchunked\r\n'),
    expect: { error: 'INVALID_TRANSFER_ENCODING', status: 400 },
  },
  ...['gzip', 'deflate', 'compress', 'x-unknown'].map(
    (coding): ParserCase => ({
      name: `${coding} before chunked is not implemented`,
      input: chunked('0\r\n\r\n', `Transfer-Encoding: ${coding}, chunked\r\n`),
      expect: { error: 'UNSUPPORTED_TRANSFER_ENCODING', status: 501 },
    }),
  ),
  {
    name: 'codings listed over two field lines',
    input: chunked('0\r\n\r\n', 'Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n'),
    expect: { error: 'UNSUPPORTED_TRANSFER_ENCODING', status: 501 },
  },
  ...[
    ['0x10', 'hex prefix'],
    ['-1', 'sign'],
    ['+1', 'plus sign'],
    ['fffffffffffffffff', '17 hex digits'],
    ['20000000000000', 'value above Number.MAX_SAFE_INTEGER'],
    ['', 'empty'],
    [' 5', 'leading space'],
    ['5 ', 'trailing space without an extension'],
    ['5 5', 'two numbers'],
    ['g', 'not hex'],
  ].map(
    ([size, what]): ParserCase => ({
      name: `chunk size with ${what} is invalid`,
      input: chunked(`${size}\r\nhello\r\n0\r\n\r\n`),
      expect: { error: 'INVALID_CHUNK_SIZE', status: 400 },
    }),
  ),
  ...[
    ['5;', 'no name'],
    ['5;=v', 'empty name'],
    ['5;a=', 'no value'],
    ['5;a="open', 'unterminated quoted string'],
    ['5;a b', 'two names'],
    ['5;a=b c', 'two values'],
    ['5;a="\x01"', 'control in a quoted string'],
    ['5;a=\x7f', 'DEL as value'],
    ['5;a@b', 'non-token name'],
  ].map(
    ([line, what]): ParserCase => ({
      name: `chunk extension with ${what} is invalid`,
      input: chunked(`${line}\r\nhello\r\n0\r\n\r\n`),
      expect: { error: 'INVALID_CHUNK_EXTENSION', status: 400 },
    }),
  ),
  {
    name: 'chunk data longer than its size',
    input: chunked('5\r\nhello!\r\n0\r\n\r\n'),
    expect: { error: 'INVALID_CHUNK_DATA_END', status: 400 },
  },
  {
    name: 'chunk data followed by a bare LF',
    input: chunked('5\r\nhello\n0\r\n\r\n'),
    expect: { error: 'INVALID_CHUNK_DATA_END', status: 400 },
  },
  {
    name: 'chunk data followed by a bare CR',
    input: chunked('5\r\nhello\r0\r\n\r\n'),
    expect: { error: 'INVALID_CHUNK_DATA_END', status: 400 },
  },
  {
    name: 'chunk-size line ended by a bare LF',
    input: chunked('5\nhello\r\n0\r\n\r\n'),
    expect: { error: 'INVALID_LINE_ENDING', status: 400 },
  },
  {
    name: 'bare CR inside a chunk-size line',
    input: chunked('5\r;a=b\r\nhello\r\n0\r\n\r\n'),
    expect: { error: 'INVALID_LINE_ENDING', status: 400 },
  },
  {
    name: 'obs-fold in the trailer section',
    input: chunked('0\r\nX-A: 1\r\n 2\r\n\r\n'),
    expect: { error: 'OBSOLETE_LINE_FOLDING', status: 400 },
  },
  {
    name: 'invalid trailer name',
    input: chunked('0\r\nX A: 1\r\n\r\n'),
    expect: { error: 'INVALID_HEADER_NAME', status: 400 },
  },
  {
    name: 'NUL in a trailer value',
    input: chunked('0\r\nX-A: 1\x002\r\n\r\n'),
    expect: { error: 'INVALID_HEADER_VALUE', status: 400 },
  },
  {
    name: 'trailer section ended by a bare LF',
    input: chunked('0\r\nX-A: 1\r\n\n'),
    expect: { error: 'INVALID_LINE_ENDING', status: 400 },
  },
];
