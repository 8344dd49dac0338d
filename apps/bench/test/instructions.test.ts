import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpTotal } from '../src/callgrind.js';
import { hasSettled, instructionTable } from '../src/instruction-report.js';
import { sendCounted } from '../src/load/counted-load.js';
import { ResponseCounter } from '../src/load/response-counter.js';
import { LOAD_SCENARIOS } from '../src/scenarios.js';

// The instruction-count mode divides a count by the responses it saw: they must be counted right.
const RESPONSES = [
  'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
  'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n',
  'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3;x=y\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n',
  // A body that looks like a head must not count as one.
  'HTTP/1.1 200 OK\r\ncontent-length: 19\r\n\r\nHTTP/1.1 200 OK\r\n\r\n',
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: 1\r\n\r\n',
];
const STREAM = Buffer.from(RESPONSES.join(''), 'latin1');

describe('ResponseCounter', () => {
  it('counts each response whole, whatever the split', () => {
    for (let first = 0; first <= STREAM.length; first++) {
      for (const second of [first, Math.min(STREAM.length, first + 7), STREAM.length]) {
        const counter = new ResponseCounter();
        const seen: number[] = [];
        for (const part of [
          STREAM.subarray(0, first),
          STREAM.subarray(first, second),
          STREAM.subarray(second),
        ]) {
          counter.push(part);
          seen.push(counter.count);
        }
        expect([first, second, counter.count]).toEqual([first, second, RESPONSES.length]);
        // Never ahead of the bytes: after the first part, only the responses wholly inside it.
        const whole = RESPONSES.filter((_, index) => RESPONSES.slice(0, index + 1).join('').length <= first);
        expect([first, seen[0]]).toEqual([first, whole.length]);
      }
    }
  });

  it('refuses bytes that are not a response', () => {
    expect(() => new ResponseCounter().push(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toThrow(/not a response/);
  });
});

describe('sendCounted', () => {
  let port = 0;
  let requestsSeen = 0;
  const server = createServer((socket) => {
    let tail = '';
    socket.on('data', (data: Buffer) => {
      // One answer per request head, as a pipelining server would send them; an end of head
      // split between two reads is seen in the tail kept from the first.
      const text = tail + data.toString('latin1');
      const heads = text.split('\r\n\r\n').length - 1;
      tail = text.slice(text.lastIndexOf('\r\n\r\n') + 4).slice(-3);
      requestsSeen += heads;
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'.repeat(heads));
    });
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve())));
  beforeAll(() => {
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends exactly the count asked for, pipelined as the scenario says', async () => {
    const pipelined = LOAD_SCENARIOS.find((scenario) => scenario.id === 'pipelined');
    if (pipelined === undefined) throw new Error('no pipelined scenario');
    requestsSeen = 0;
    await sendCounted(pipelined, port, 37, 5000);
    expect(requestsSeen).toBe(37);
  });
});

describe('the instruction report', () => {
  it('reads the totals of a callgrind dump', () => {
    expect(dumpTotal('events: Ir\nsummary: 0\nfn=x\n1 5\ntotals: 385350618\n')).toBe(385350618);
    expect(dumpTotal('events: Ir\nsummary: 1234\n')).toBe(1234);
    expect(() => dumpTotal('events: Ir\n')).toThrow(/no totals/);
  });

  it('calls a count settled when two windows in a row agree within 3%', () => {
    expect(hasSettled([90_000])).toBe(false);
    expect(hasSettled([90_000, 50_000])).toBe(false);
    expect(hasSettled([90_000, 50_000, 49_200])).toBe(true);
    expect(hasSettled([50_000, 48_400])).toBe(false);
    expect(hasSettled([50_000, 48_600])).toBe(true);
  });

  it('gives ratios as throughput would: fewer instructions, a higher ratio', () => {
    const table = instructionTable([
      {
        label: 'ceiling',
        name: 'ceiling',
        measurement: { perRequest: 20_000, windows: [20_000], settled: true },
      },
      {
        label: 'node:http',
        name: 'node-http',
        measurement: { perRequest: 60_000, windows: [60_000], settled: true },
      },
      {
        label: 'skiff',
        name: 'skiff',
        measurement: { perRequest: 40_000, windows: [80_000, 40_000], settled: false },
      },
    ]);
    expect(table).toContain('| skiff | 40,000 | 1.50× | 0.50× | 80.0, 40.0 (not settled) |');
    expect(table).toContain('| node:http | 60,000 | 1.00× | 0.33× |');
  });
});
