import { describe, expect, it } from 'vitest';
import { ResponseReader } from '../../src/inject/response-reader.js';

/** A response as the wire has it, the methods of the requests it answers, and what the reader must make of it. */
interface ReaderCase {
  readonly name: string;
  readonly wire: string;
  readonly methods: readonly string[];
  /** The server closes after the bytes. */
  readonly closes?: boolean;
  readonly expected: readonly {
    status: number;
    body: string;
    trailers?: Record<string, string | string[]>;
  }[];
}

const cases: readonly ReaderCase[] = [
  {
    name: 'Content-Length',
    wire: 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n',
    methods: ['GET', 'GET'],
    expected: [
      { status: 200, body: 'abc' },
      { status: 404, body: '' },
    ],
  },
  {
    name: 'chunked, with extensions and trailers',
    wire: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-Sum: 1\r\nX-Sum: 2\r\n\r\n',
    methods: ['GET'],
    expected: [{ status: 200, body: 'abc0123456789', trailers: { 'x-sum': ['1', '2'] } }],
  },
  {
    name: 'no body for HEAD, 204 and 304',
    wire: 'HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 4\r\n\r\n',
    methods: ['HEAD', 'GET', 'GET'],
    expected: [
      { status: 200, body: '' },
      { status: 204, body: '' },
      { status: 304, body: '' },
    ],
  },
  {
    name: 'an interim 100 before the final response',
    wire: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok',
    methods: ['POST'],
    expected: [{ status: 201, body: 'ok' }],
  },
  {
    name: 'a body delimited by the close',
    wire: 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end',
    methods: ['GET'],
    closes: true,
    expected: [{ status: 200, body: 'until the end' }],
  },
];

describe('the response reader', () => {
  for (const { name, wire, methods, closes, expected } of cases) {
    it(`${name}, whole and split at every byte`, () => {
      const bytes = Buffer.from(wire, 'latin1');
      for (let split = 0; split <= bytes.length; split++) {
        const reader = new ResponseReader(methods);
        reader.read(bytes.subarray(0, split));
        reader.read(bytes.subarray(split));
        if (closes) reader.end();
        expect(reader.error).toBeUndefined();
        expect(reader.midResponse).toBe(false);
        expect(
          reader.responses.map((response) => ({
            status: response.statusCode,
            body: response.body,
            ...(Object.keys(response.trailers).length > 0 ? { trailers: response.trailers } : {}),
          })),
        ).toEqual(expected);
        expect(Buffer.concat(reader.responses.map((response) => response.raw)).toString('latin1')).toBe(wire);
      }
    });
  }

  it('names bytes that are not a response', () => {
    const reader = new ResponseReader(['GET']);
    reader.read(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'));
    expect(reader.error?.message).toMatch(/not an HTTP\/1\.1 response/);
  });
});
