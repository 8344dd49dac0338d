import { MAX_METHOD_LENGTH } from '../../../src/parser/request-parser.js';
import { type ParserCase, refused } from '../harness.js';

const HOST_LINE = 'Host: example.com\r\n';
const method = (length: number) => 'A'.repeat(length);

/**
 * Input that cannot start a request fails at its first wrong byte (RFC 9112 §3: the request
 * line opens with `method SP`, method = token), without waiting for a line end or a timeout:
 * most inputs below hold no LF at all. The method is judged before the rest of the line.
 */
export const firstByteCases: readonly ParserCase[] = [
  refused('a TLS ClientHello is refused at its first byte', '\x16\x03\x01', 'INVALID_METHOD'),
  refused('binary garbage is refused at its first byte', '\x00\xff\x13\x37\x80', 'INVALID_METHOD'),
  refused('a control byte after a token prefix is refused at once', 'GE\x07', 'INVALID_METHOD'),
  refused('a space as the first byte is refused at once', ' GET', 'INVALID_REQUEST_LINE'),
  refused('a bare CR in the method is refused at the byte after it', 'GE\rT', 'INVALID_LINE_ENDING'),
  refused('a bare CR as the first byte is refused at the byte after it', '\rGET', 'INVALID_LINE_ENDING'),
  {
    name: 'a method of exactly MAX_METHOD_LENGTH bytes is read',
    input: `${method(MAX_METHOD_LENGTH)} / HTTP/1.1\r\n${HOST_LINE}\r\n`,
    expect: { messages: [{ method: method(MAX_METHOD_LENGTH) }] },
  },
  refused(
    'a method one byte over MAX_METHOD_LENGTH is not implemented',
    `${method(MAX_METHOD_LENGTH + 1)} / HTTP/1.1\r\n${HOST_LINE}\r\n`,
    'METHOD_TOO_LONG',
  ),
  refused(
    'an over-long method is refused before its line ends',
    method(MAX_METHOD_LENGTH + 1),
    'METHOD_TOO_LONG',
  ),
  {
    name: 'a method longer than maxRequestLineSize is 501, not 414',
    input: `${method(30)} / HTTP/1.1\r\n${HOST_LINE}\r\n`,
    limits: { maxRequestLineSize: 29 },
    expect: { error: 'METHOD_TOO_LONG', status: 501 },
  },
  refused(
    'a wrong byte in the method wins over a bare LF later in the line',
    'G(T / HTTP/1.1\n',
    'INVALID_METHOD',
  ),
];
