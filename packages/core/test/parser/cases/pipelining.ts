import type { ParserCase } from '../harness.js';

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: example.com\r\n\r\n`;

/** Several requests in one stream: each body ends where its framing says, and the next request starts there. */
export const pipeliningCases: readonly ParserCase[] = [
  {
    name: 'two GETs back to back',
    input: get('/a') + get('/b'),
    expect: { messages: [{ target: '/a' }, { target: '/b' }] },
  },
  {
    name: 'Content-Length body then a GET',
    input: `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc${get('/b')}`,
    expect: {
      messages: [
        { method: 'POST', target: '/a', body: 'abc' },
        { method: 'GET', target: '/b', body: '' },
      ],
    },
  },
  {
    name: 'chunked body with trailers then a GET',
    input: `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n${get('/b')}`,
    expect: {
      messages: [
        { target: '/a', body: 'abc', trailers: ['X-T', '1'] },
        { target: '/b', body: '' },
      ],
    },
  },
  {
    name: 'Content-Length: 0 then a GET',
    input: `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n${get('/b')}`,
    expect: { messages: [{ target: '/a', body: '' }, { target: '/b' }] },
  },
  {
    name: 'one empty line before a request is ignored',
    input: `\r\n${get('/a')}`,
    expect: { messages: [{ target: '/a' }] },
  },
  {
    name: 'the CRLF some clients send after a body is ignored',
    input: `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc\r\n${get('/b')}`,
    expect: { messages: [{ target: '/a', body: 'abc' }, { target: '/b' }] },
  },
  {
    name: 'two empty lines before a request',
    input: `${get('/a')}\r\n\r\n${get('/b')}`,
    expect: { error: 'INVALID_REQUEST_LINE', status: 400, messages: [{ target: '/a' }] },
  },
  {
    name: 'garbage after a complete request',
    input: `${get('/a')}HELLO\r\n\r\n`,
    expect: { error: 'INVALID_REQUEST_LINE', status: 400, messages: [{ target: '/a' }] },
  },
  {
    name: 'a body shorter than announced swallows the next request line',
    input: `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\nabc${get('/b')}`,
    expect: {
      messages: [{ target: '/a', body: 'abcGET /b HTTP/1.1\r\n' }],
      error: 'INVALID_METHOD',
      status: 400,
    },
  },
  {
    name: 'HEAD, OPTIONS * and DELETE in a row',
    input:
      'HEAD /a HTTP/1.1\r\nHost: x\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: x\r\n\r\nDELETE /c HTTP/1.1\r\nHost: x\r\n\r\n',
    expect: {
      messages: [
        { method: 'HEAD', target: '/a' },
        { method: 'OPTIONS', target: '*' },
        { method: 'DELETE', target: '/c' },
      ],
    },
  },
];
