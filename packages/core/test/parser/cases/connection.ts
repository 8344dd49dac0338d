import type { ParserCase } from '../harness.js';

const request = (version: string, fields: string) =>
  `GET / HTTP/${version}\r\nHost: example.com\r\n${fields}\r\n`;

/** Persistence (RFC 9112 §9.3) and Expect: 100-continue (RFC 9110 §10.1.1). */
export const connectionCases: readonly ParserCase[] = [
  {
    name: 'HTTP/1.1 persists by default',
    input: request('1.1', ''),
    expect: { messages: [{ versionMinor: 1, keepAlive: true, mustClose: false, expectContinue: false }] },
  },
  {
    name: 'HTTP/1.1 with Connection: close',
    input: request('1.1', 'Connection: close\r\n'),
    expect: { messages: [{ keepAlive: false, mustClose: false }] },
  },
  {
    name: 'Connection options are case-insensitive',
    input: request('1.1', 'Connection: CLOSE\r\n'),
    expect: { messages: [{ keepAlive: false }] },
  },
  {
    name: 'close anywhere in the list',
    input: request('1.1', 'Connection: upgrade , Close\r\n'),
    expect: { messages: [{ keepAlive: false }] },
  },
  {
    name: 'close on a second Connection field line',
    input: request('1.1', 'Connection: keep-alive\r\nConnection: close\r\n'),
    expect: { messages: [{ keepAlive: false, headers: { connection: 'keep-alive, close' } }] },
  },
  {
    name: 'a token that only contains close does not close',
    input: request('1.1', 'Connection: closed, x-close\r\n'),
    expect: { messages: [{ keepAlive: true }] },
  },
  {
    name: 'HTTP/1.0 closes by default',
    input: request('1.0', ''),
    expect: { messages: [{ versionMinor: 0, keepAlive: false, mustClose: false }] },
  },
  {
    name: 'HTTP/1.0 with Connection: keep-alive',
    input: request('1.0', 'Connection: Keep-Alive\r\n'),
    expect: { messages: [{ keepAlive: true }] },
  },
  {
    name: 'HTTP/1.0 with keep-alive and close',
    input: request('1.0', 'Connection: keep-alive, close\r\n'),
    expect: { messages: [{ keepAlive: false }] },
  },
  {
    name: 'HTTP/1.0 with a Content-Length body',
    input: 'POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\nok',
    expect: { messages: [{ keepAlive: false, mustClose: false, body: 'ok' }] },
  },
  {
    name: 'Expect: 100-continue',
    input: `POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok`,
    expect: { messages: [{ expectContinue: true, body: 'ok' }] },
  },
  {
    name: 'Expect is case-insensitive',
    input: request('1.1', 'Expect: 100-Continue\r\n'),
    expect: { messages: [{ expectContinue: true }] },
  },
  {
    name: 'Expect in HTTP/1.0 is ignored',
    input: request('1.0', 'Expect: 100-continue\r\n'),
    expect: { messages: [{ expectContinue: false }] },
  },
  {
    name: 'another expectation is left to the app',
    input: request('1.1', 'Expect: 200-ok\r\n'),
    expect: { messages: [{ expectContinue: false, headers: { expect: '200-ok' } }] },
  },
];
