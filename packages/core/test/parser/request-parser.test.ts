import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/parser/errors.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import type { ParserLimits, RequestHead } from '../../src/parser/types.js';
import { testLimits } from './harness.js';

type Event = ['begin'] | ['head', string] | ['body', string] | ['complete', string[]];

/**
 * A parser whose handlers log what they see (onMessageBegin only when `begins` is set);
 * `pause` decides what onMessageComplete returns, `stop` what onHead returns.
 */
function logged(
  limits: ParserLimits = testLimits,
  pause: () => boolean = () => false,
  { begins = false, stop = (_head: RequestHead): boolean => false } = {},
) {
  const events: Event[] = [];
  const heads: RequestHead[] = [];
  const parser = new RequestParser(
    {
      onMessageBegin() {
        if (begins) events.push(['begin']);
      },
      onHead(head) {
        heads.push(head);
        events.push(['head', `${head.method} ${head.target}`]);
        return stop(head);
      },
      onBody(chunk) {
        events.push(['body', chunk.toString('latin1')]);
      },
      onMessageComplete(trailers) {
        events.push(['complete', trailers]);
        return pause();
      },
    },
    limits,
  );
  return { parser, events, heads };
}

const bytes = (text: string) => Buffer.from(text, 'latin1');
const GET_A = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n';
const GET_B = 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n';

describe('pause', () => {
  it('returns the offset of the next request when onMessageComplete returns true', () => {
    const { parser, events } = logged(testLimits, () => true);
    const data = bytes(GET_A + GET_B);
    const stoppedAt = parser.execute(data);
    expect(stoppedAt).toBe(GET_A.length);
    expect(parser.error).toBeUndefined();
    expect(parser.idle).toBe(true);
    expect(events).toEqual([
      ['head', 'GET /a'],
      ['complete', []],
    ]);
    expect(parser.execute(data, stoppedAt)).toBe(data.length);
    expect(events.slice(2)).toEqual([
      ['head', 'GET /b'],
      ['complete', []],
    ]);
  });

  it('pauses after a Content-Length body and after a chunked body with trailers', () => {
    const { parser, events } = logged(testLimits, () => true);
    const first = 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok';
    const second =
      'POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nT: 1\r\n\r\n';
    const data = bytes(first + second + GET_A);
    const firstStop = parser.execute(data);
    expect(firstStop).toBe(first.length);
    const secondStop = parser.execute(data, firstStop);
    expect(secondStop).toBe(first.length + second.length);
    expect(parser.execute(data, secondStop)).toBe(data.length);
    expect(events).toEqual([
      ['head', 'POST /a'],
      ['body', 'ok'],
      ['complete', []],
      ['head', 'POST /b'],
      ['body', 'hi'],
      ['complete', ['T', '1']],
      ['head', 'GET /a'],
      ['complete', []],
    ]);
  });

  it('returns data.length when the paused message ends the input', () => {
    const { parser } = logged(testLimits, () => true);
    expect(parser.execute(bytes(GET_A))).toBe(GET_A.length);
  });
});

describe('state flags', () => {
  it('reports idle, readingHead and readingBody as bytes arrive', () => {
    const { parser } = logged();
    const flags = () => [parser.idle, parser.readingHead, parser.readingBody];
    expect(flags()).toEqual([true, false, false]);
    parser.execute(bytes('\r\n'));
    expect(flags()).toEqual([true, false, false]);
    parser.execute(bytes('P'));
    expect(flags()).toEqual([false, true, false]);
    parser.execute(bytes('OST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n'));
    expect(flags()).toEqual([false, true, false]);
    parser.execute(bytes('\r\nab'));
    expect(flags()).toEqual([false, false, true]);
    parser.execute(bytes('cd'));
    expect(flags()).toEqual([true, false, false]);
  });

  it('is neither idle nor reading while a bodyless head is handed on', () => {
    const seen: boolean[][] = [];
    const parser: RequestParser = new RequestParser(
      {
        onMessageBegin: () => undefined,
        onHead: () => {
          seen.push([parser.idle, parser.readingHead, parser.readingBody]);
          return undefined;
        },
        onBody: () => undefined,
        onMessageComplete: () => {
          seen.push([parser.idle, parser.readingHead, parser.readingBody]);
          return false;
        },
      },
      testLimits,
    );
    parser.execute(bytes(GET_A));
    expect(seen).toEqual([
      [false, false, false],
      [true, false, false],
    ]);
  });

  it('reads chunk framing and trailers as body', () => {
    const { parser } = logged();
    parser.execute(bytes('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'));
    expect(parser.readingBody).toBe(true);
    parser.execute(bytes('0\r\nT: 1\r\n'));
    expect([parser.readingHead, parser.readingBody]).toEqual([false, true]);
    parser.execute(bytes('\r\n'));
    expect(parser.idle).toBe(true);
  });
});

describe('errors', () => {
  it('stops at the error and ignores every later call', () => {
    const { parser, events } = logged();
    const data = bytes(`${GET_A}GET / HTTP/2.0\r\n\r\n${GET_B}`);
    const stoppedAt = parser.execute(data);
    expect(stoppedAt).toBeLessThan(data.length);
    expect(parser.error).toBeInstanceOf(ParseError);
    expect(parser.error?.code).toBe('UNSUPPORTED_VERSION');
    expect(parser.error?.status).toBe(505);
    expect([parser.idle, parser.readingHead, parser.readingBody]).toEqual([false, false, false]);
    expect(parser.execute(bytes(GET_B), 3)).toBe(3);
    expect(events).toEqual([
      ['head', 'GET /a'],
      ['complete', []],
    ]);
  });

  it('never hands on the head of a request with an invalid field', () => {
    const { parser, events } = logged();
    parser.execute(bytes('GET / HTTP/1.1\r\nHost: x\r\nX: a\x00\r\n\r\n'));
    expect(parser.error?.code).toBe('INVALID_HEADER_VALUE');
    expect(events).toEqual([]);
  });
});

describe('input', () => {
  it('parses from the start offset', () => {
    const { parser, events } = logged();
    const data = bytes(`garbage${GET_A}`);
    expect(parser.execute(data, 7)).toBe(data.length);
    expect(events).toEqual([
      ['head', 'GET /a'],
      ['complete', []],
    ]);
  });

  it('passes body bytes on as they arrive, as views of the input', () => {
    const chunks: Buffer[] = [];
    const parser = new RequestParser(
      {
        onMessageBegin: () => undefined,
        onHead: () => undefined,
        onBody: (chunk) => chunks.push(chunk),
        onMessageComplete: () => false,
      },
      testLimits,
    );
    const head = bytes('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n');
    parser.execute(head);
    const part = Buffer.alloc(64 * 1024, 0x61);
    parser.execute(part);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.buffer).toBe(part.buffer);
    expect(chunks[0]?.length).toBe(part.length);
    expect(parser.readingBody).toBe(true);
  });

  it('accepts an empty buffer in any state', () => {
    const { parser, events } = logged();
    for (const piece of ['', 'GET /a HTTP/1.1\r\n', '', 'Host: x\r\n', '', '\r\n', '']) {
      expect(parser.execute(bytes(piece))).toBe(piece.length);
    }
    expect(events).toHaveLength(2);
  });

  it('reads a head sent one byte at a time with long lines', () => {
    const { parser, heads } = logged();
    const value = 'v'.repeat(8000);
    const data = bytes(`GET /${'p'.repeat(8000)} HTTP/1.1\r\nHost: x\r\nX-Long: ${value}\r\n\r\n`);
    for (let index = 0; index < data.length; index++) parser.execute(data.subarray(index, index + 1));
    expect(parser.error).toBeUndefined();
    expect(heads[0]?.headers['x-long']).toBe(value);
  });
});

describe('onMessageBegin', () => {
  const POST = 'POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok';
  const pipelined = bytes(GET_A + POST + GET_B);
  const wanted: Event[] = [
    ['begin'],
    ['head', 'GET /a'],
    ['complete', []],
    ['begin'],
    ['head', 'POST /p'],
    ['body', 'ok'],
    ['complete', []],
    ['begin'],
    ['head', 'GET /b'],
    ['complete', []],
  ];

  it('is called once per message, before its head, in one buffer of pipelined requests', () => {
    const { parser, events } = logged(testLimits, () => false, { begins: true });
    expect(parser.execute(pipelined)).toBe(pipelined.length);
    expect(events).toEqual(wanted);
  });

  it('is called exactly once per message wherever the input is split, and byte by byte', () => {
    for (let at = 0; at <= pipelined.length; at++) {
      const { parser, events } = logged(testLimits, () => false, { begins: true });
      parser.execute(pipelined.subarray(0, at));
      parser.execute(pipelined.subarray(at));
      // Body bytes may come in two pieces; begins and heads may not move.
      expect(
        events.filter(([kind]) => kind !== 'body'),
        `split at ${at}`,
      ).toEqual(wanted.filter(([kind]) => kind !== 'body'));
    }
    const { parser, events } = logged(testLimits, () => false, { begins: true });
    for (let index = 0; index < pipelined.length; index++)
      parser.execute(pipelined.subarray(index, index + 1));
    expect(events.filter(([kind]) => kind === 'begin')).toHaveLength(3);
  });

  it('comes with the first byte of the request line, not with the empty line before it', () => {
    const { parser, events } = logged(testLimits, () => false, { begins: true });
    parser.execute(bytes('\r'));
    parser.execute(bytes('\n'));
    expect(events).toEqual([]);
    expect(parser.idle).toBe(true);
    parser.execute(bytes('G'));
    expect(events).toEqual([['begin']]);
    expect([parser.idle, parser.readingHead]).toEqual([false, true]);
    parser.execute(bytes('ET /a HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(events).toEqual([['begin'], ['head', 'GET /a'], ['complete', []]]);
  });

  it('comes with the first byte of a message that fails at that byte', () => {
    const { parser, events } = logged(testLimits, () => false, { begins: true });
    expect(parser.execute(bytes('\x16\x03\x01'))).toBe(0);
    expect(events).toEqual([['begin']]);
    expect(parser.error?.code).toBe('INVALID_METHOD');
  });
});

describe('onHead returning true', () => {
  const UPGRADE = 'GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n';

  it('stops right after the head: what follows is not parsed, not even an announced body', () => {
    const { parser, events } = logged(testLimits, () => false, { stop: () => true });
    const head = 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n';
    const data = bytes(`${head}hello${GET_B}`);
    expect(parser.execute(data)).toBe(head.length);
    expect(parser.error).toBeUndefined();
    expect(events).toEqual([['head', 'POST /a']]);
    expect([parser.idle, parser.readingHead, parser.readingBody]).toEqual([false, false, false]);
  });

  it('leaves bytes that are not HTTP alone, and returns start on every later call', () => {
    const { parser, events } = logged(testLimits, () => false, { stop: () => true });
    const data = bytes(`${UPGRADE}\x81\x85\x00\x00\x00\x00hello`);
    expect(parser.execute(data)).toBe(UPGRADE.length);
    expect(parser.execute(data, UPGRADE.length)).toBe(UPGRADE.length);
    expect(parser.execute(bytes('GET / HTTP/1.1\r\n'), 0)).toBe(0);
    expect(parser.error).toBeUndefined();
    expect(events).toEqual([['head', 'GET /chat']]);
  });

  it('stops after the head of a later pipelined request, wherever the input is split', () => {
    const data = bytes(GET_A + UPGRADE);
    for (let at = 0; at <= data.length; at++) {
      const { parser, events } = logged(testLimits, () => false, {
        stop: (head) => head.headers.upgrade !== undefined,
      });
      const first = data.subarray(0, at);
      const second = data.subarray(at);
      const firstStop = parser.execute(first);
      // Only the call that reads the head's last byte stops early, at the head's end.
      if (at === data.length) expect(firstStop).toBe(data.length);
      else expect(firstStop).toBe(first.length);
      expect(parser.execute(Buffer.concat([second, bytes('\x00junk')]))).toBe(second.length);
      expect(events, `split at ${at}`).toEqual([
        ['head', 'GET /a'],
        ['complete', []],
        ['head', 'GET /chat'],
      ]);
    }
  });

  it('returns undefined or false to read on as usual', () => {
    const { parser, events } = logged(testLimits, () => false, { stop: () => false });
    expect(parser.execute(bytes(GET_A + GET_B))).toBe(GET_A.length + GET_B.length);
    expect(events).toHaveLength(4);
  });
});
