import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feed, testLimits } from './harness.js';

const TCHARS = [..."!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"];
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => String.fromCharCode(from + index));
const VISIBLE = range(0x21, 0x7e);
/** Bytes of a request-target: visible ASCII but "#" (RFC 9112 §3.2 has no fragment). */
const TARGET_CHARS = VISIBLE.filter((char) => char !== '#');
const VALUE_CHARS = [...VISIBLE, ...range(0x80, 0xff), ' ', '\t'];
const FRAMING_NAMES = new Set(['host', 'content-length', 'transfer-encoding']);

const token = (maxLength: number) => fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength });
const whitespace = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 2 });

/** A field: its name, its value as sent (with OWS around it), and the value the parser must report. */
const field = fc
  .record({
    name: token(12).filter((name) => !FRAMING_NAMES.has(name.toLowerCase())),
    before: whitespace,
    value: fc.string({ unit: fc.constantFrom(...VALUE_CHARS), maxLength: 20 }),
    after: whitespace,
  })
  .map(({ name, before, value, after }) => ({
    name,
    sent: `${before}${value}${after}`,
    parsed: value.replace(/^[ \t]+|[ \t]+$/g, ''),
  }));

const body = fc.oneof(
  fc.constant({ kind: 'none' as const, bytes: new Uint8Array(0), chunkSizes: [] as number[] }),
  fc.record({
    kind: fc.constant('length' as const),
    bytes: fc.uint8Array({ maxLength: 200 }),
    chunkSizes: fc.constant([]),
  }),
  fc.record({
    kind: fc.constant('chunked' as const),
    bytes: fc.uint8Array({ maxLength: 200 }),
    chunkSizes: fc.array(fc.integer({ min: 1, max: 70 }), { maxLength: 10 }),
  }),
);

const request = fc.record({
  method: token(10),
  target: fc.string({ unit: fc.constantFrom(...TARGET_CHARS), maxLength: 30 }).map((path) => `/${path}`),
  fields: fc.array(field, { maxLength: 8 }),
  body,
  extension: fc.boolean(),
  trailers: fc.array(field, { maxLength: 2 }),
});

type GeneratedRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

function serialise(generated: GeneratedRequest): string {
  const { method, target, fields, body: payload } = generated;
  let text = `${method} ${target} HTTP/1.1\r\nHost: example.com\r\n`;
  for (const { name, sent } of fields) text += `${name}:${sent}\r\n`;
  const bytes = Buffer.from(payload.bytes).toString('latin1');
  if (payload.kind === 'length') return `${text}Content-Length: ${bytes.length}\r\n\r\n${bytes}`;
  if (payload.kind === 'none') return `${text}\r\n`;
  text += 'Transfer-Encoding: chunked\r\n\r\n';
  let offset = 0;
  for (let index = 0; offset < bytes.length; index++) {
    const size = Math.min(generated.body.chunkSizes[index] ?? bytes.length, bytes.length - offset);
    const hex = index % 2 === 0 ? size.toString(16) : size.toString(16).toUpperCase();
    text += `${hex}${generated.extension ? ';ext="v"' : ''}\r\n${bytes.slice(offset, offset + size)}\r\n`;
    offset += size;
  }
  text += '0\r\n';
  for (const { name, sent } of generated.trailers) text += `${name}:${sent}\r\n`;
  return `${text}\r\n`;
}

describe('any valid request', () => {
  it('parses to what was sent, however the input is cut', () => {
    fc.assert(
      fc.property(
        fc.array(request, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (requests, cuts) => {
          const input = Buffer.from(requests.map(serialise).join(''), 'latin1');
          const points = [...new Set(cuts.map((cut) => cut % (input.length + 1)))].sort((a, b) => a - b);
          const parts = [0, ...points].map((from, index) =>
            input.subarray(from, points[index] ?? input.length),
          );
          const outcome = feed(parts, testLimits);

          expect(outcome.error).toBeUndefined();
          expect(outcome.messages).toHaveLength(requests.length);
          requests.forEach((generated, index) => {
            const message = outcome.messages[index];
            expect(message?.head.method).toBe(generated.method);
            expect(message?.head.target).toBe(generated.target);
            expect(message?.head.rawHeaders.slice(0, 2 + generated.fields.length * 2)).toEqual([
              'Host',
              'example.com',
              ...generated.fields.flatMap(({ name, parsed }) => [name, parsed]),
            ]);
            expect(message?.head.framing.kind).toBe(generated.body.kind);
            expect(message?.body).toBe(Buffer.from(generated.body.bytes).toString('latin1'));
            if (generated.body.kind === 'chunked') {
              expect(message?.trailers).toEqual(
                generated.trailers.flatMap(({ name, parsed }) => [name, parsed]),
              );
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
