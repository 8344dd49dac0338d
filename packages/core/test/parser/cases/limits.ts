import type { ParserCase } from '../harness.js';

const HOST_LINE = 'Host: example.com\r\n'; // 19 bytes with its CRLF

/**
 * `count` field lines as short as they come. They share one name: distinct names would test the
 * headers object, not the count, and cost every split of the case a 500-key fingerprint.
 */
const manyFields = (count: number) => 'a:\r\n'.repeat(count);

/** Every bound the parser enforces: exactly at the limit passes, one byte over fails, without waiting for a line end. */
export const limitsCases: readonly ParserCase[] = [
  {
    name: 'request line exactly maxRequestLineSize long',
    input: `GET /${'a'.repeat(15)} HTTP/1.1\r\n${HOST_LINE}\r\n`,
    limits: { maxRequestLineSize: 29 },
    expect: { messages: [{ target: `/${'a'.repeat(15)}` }] },
  },
  {
    name: 'request line one byte over maxRequestLineSize',
    input: `GET /${'a'.repeat(16)} HTTP/1.1\r\n${HOST_LINE}\r\n`,
    limits: { maxRequestLineSize: 29 },
    expect: { error: 'REQUEST_LINE_TOO_LONG', status: 414 },
  },
  {
    name: 'request line over the limit is refused before its end arrives',
    input: `GET /${'a'.repeat(40)}`,
    limits: { maxRequestLineSize: 29 },
    expect: { error: 'REQUEST_LINE_TOO_LONG', status: 414 },
  },
  {
    name: 'a bare CR after a request line of exactly the limit is over the limit',
    input: `GET /${'a'.repeat(15)} HTTP/1.1\rX`,
    limits: { maxRequestLineSize: 29 },
    expect: { error: 'REQUEST_LINE_TOO_LONG', status: 414 },
  },
  {
    name: 'a line over the limit is too long even if it is also malformed',
    input: `GET /\x00${'a'.repeat(40)} HTTP/1.1\r\n\r\n`,
    limits: { maxRequestLineSize: 29 },
    expect: { error: 'REQUEST_LINE_TOO_LONG', status: 414 },
  },
  {
    name: 'header section exactly maxHeaderSize long',
    input: `GET / HTTP/1.1\r\n${HOST_LINE}X-A: ${'v'.repeat(10)}\r\n\r\n`,
    limits: { maxHeaderSize: 19 + 17 },
    expect: { messages: [{ headers: { 'x-a': 'v'.repeat(10) } }] },
  },
  {
    name: 'header section one byte over maxHeaderSize',
    input: `GET / HTTP/1.1\r\n${HOST_LINE}X-A: ${'v'.repeat(11)}\r\n\r\n`,
    limits: { maxHeaderSize: 19 + 17 },
    expect: { error: 'HEADERS_TOO_LARGE', status: 431 },
  },
  {
    name: 'header line over the limit is refused before its end arrives',
    input: `GET / HTTP/1.1\r\n${HOST_LINE}X-A: ${'v'.repeat(100)}`,
    limits: { maxHeaderSize: 64 },
    expect: { error: 'HEADERS_TOO_LARGE', status: 431 },
  },
  {
    name: 'the request line does not count towards maxHeaderSize',
    input: `GET /${'a'.repeat(100)} HTTP/1.1\r\n${HOST_LINE}\r\n`,
    limits: { maxHeaderSize: 19 },
    expect: { messages: [{ target: `/${'a'.repeat(100)}` }] },
  },
  {
    name: '500 short fields within the default maxHeaderSize are read',
    input: `GET / HTTP/1.1\r\n${HOST_LINE}${manyFields(499)}\r\n`,
    // 499 empty values, joined.
    expect: { messages: [{ headers: { a: ', '.repeat(498) } }] },
  },
  {
    // Under the default count the input would be 2001 lines long; each case runs at every split, so the count is lowered.
    name: 'one field over maxHeaderCount among hundreds, well within maxHeaderSize',
    input: `GET / HTTP/1.1\r\n${HOST_LINE}${manyFields(500)}\r\n`,
    limits: { maxHeaderCount: 500 },
    expect: { error: 'HEADERS_TOO_LARGE', status: 431 },
  },
  {
    name: 'exactly maxHeaderCount fields',
    input: `GET / HTTP/1.1\r\n${HOST_LINE}A: 1\r\nB: 2\r\n\r\n`,
    limits: { maxHeaderCount: 3 },
    expect: { messages: [{ headers: { a: '1', b: '2' } }] },
  },
  {
    name: 'one field over maxHeaderCount',
    input: `GET / HTTP/1.1\r\n${HOST_LINE}A: 1\r\nB: 2\r\nC: 3\r\n\r\n`,
    limits: { maxHeaderCount: 3 },
    expect: { error: 'HEADERS_TOO_LARGE', status: 431 },
  },
  {
    name: 'one field over maxHeaderCount is refused at its first byte',
    input: `GET / HTTP/1.1\r\n${HOST_LINE}A: 1\r\nB: 2\r\nC`,
    limits: { maxHeaderCount: 3 },
    expect: { error: 'HEADERS_TOO_LARGE', status: 431 },
  },
  {
    name: 'trailer section exactly maxHeaderSize long, with its own count',
    input: `POST / HTTP/1.1\r\n${HOST_LINE}Transfer-Encoding: chunked\r\n\r\n0\r\nT: ${'v'.repeat(36)}\r\nU: 1\r\n\r\n`,
    limits: { maxHeaderSize: 47, maxHeaderCount: 2 },
    expect: { messages: [{ trailers: ['T', 'v'.repeat(36), 'U', '1'] }] },
  },
  {
    name: 'trailer section one byte over maxHeaderSize',
    input: `POST / HTTP/1.1\r\n${HOST_LINE}Transfer-Encoding: chunked\r\n\r\n0\r\nT: ${'v'.repeat(37)}\r\nU: 1\r\n\r\n`,
    limits: { maxHeaderSize: 47 },
    expect: { error: 'HEADERS_TOO_LARGE', status: 431 },
  },
  {
    name: 'trailer fields over maxHeaderCount',
    input: `POST / HTTP/1.1\r\n${HOST_LINE}Transfer-Encoding: chunked\r\n\r\n0\r\nT: 1\r\nU: 2\r\nV: 3\r\n\r\n`,
    limits: { maxHeaderCount: 2 },
    expect: { error: 'HEADERS_TOO_LARGE', status: 431 },
  },
  {
    name: 'chunk-size line exactly maxChunkLineSize long',
    input: `POST / HTTP/1.1\r\n${HOST_LINE}Transfer-Encoding: chunked\r\n\r\n3;ext=${'e'.repeat(4)}\r\nabc\r\n0\r\n\r\n`,
    limits: { maxChunkLineSize: 10 },
    expect: { messages: [{ body: 'abc' }] },
  },
  {
    name: 'chunk-size line one byte over maxChunkLineSize',
    input: `POST / HTTP/1.1\r\n${HOST_LINE}Transfer-Encoding: chunked\r\n\r\n3;ext=${'e'.repeat(5)}\r\nabc\r\n0\r\n\r\n`,
    limits: { maxChunkLineSize: 10 },
    expect: { error: 'CHUNK_LINE_TOO_LONG', status: 400 },
  },
  {
    name: 'chunk-size line of zeros over the limit is refused before its end arrives',
    input: `POST / HTTP/1.1\r\n${HOST_LINE}Transfer-Encoding: chunked\r\n\r\n${'0'.repeat(50)}`,
    limits: { maxChunkLineSize: 10 },
    expect: { error: 'CHUNK_LINE_TOO_LONG', status: 400 },
  },
];
