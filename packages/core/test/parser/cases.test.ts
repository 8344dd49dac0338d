import { describe, expect, it } from 'vitest';
import { chunkedCases } from './cases/chunked.js';
import { connectionCases } from './cases/connection.js';
import { contentLengthCases } from './cases/content-length.js';
import { firstByteCases } from './cases/first-bytes.js';
import { fieldCases, hostCases, requestLineCases, smugglingCases } from './cases/invalid.js';
import { limitsCases } from './cases/limits.js';
import { pipeliningCases } from './cases/pipelining.js';
import {
  bytewise,
  checkOutcome,
  feed,
  fingerprint,
  limitsOf,
  type ParserCase,
  PIPELINE_PREFIX,
  splitAt,
} from './harness.js';

const tables: Record<string, readonly ParserCase[]> = {
  'content-length': contentLengthCases,
  chunked: chunkedCases,
  pipelining: pipeliningCases,
  'request line': requestLineCases,
  'first bytes': firstByteCases,
  fields: fieldCases,
  host: hostCases,
  smuggling: smugglingCases,
  connection: connectionCases,
  limits: limitsCases,
};

/** Runs one case whole, split in two at every byte, one byte at a time, and pipelined; all must agree. */
function runCase(testCase: ParserCase): void {
  const input = Buffer.from(testCase.input, 'latin1');
  expect(input.toString('latin1'), 'input must be bytes written as latin1').toBe(testCase.input);
  const limits = limitsOf(testCase);

  const whole = feed([input], limits);
  checkOutcome(whole, testCase, 0, 1);
  const expected = fingerprint(whole);

  for (let at = 0; at <= input.length; at++) {
    const split = fingerprint(feed(splitAt(input, at), limits));
    if (split !== expected) expect(split, `split at byte ${at}`).toBe(expected);
  }
  expect(fingerprint(feed(bytewise(input), limits)), 'one byte at a time').toBe(expected);

  if ('error' in testCase.expect) {
    // A valid request before the bad one is still parsed and handed on.
    const pipelined = Buffer.concat([Buffer.from(PIPELINE_PREFIX, 'latin1'), input]);
    checkOutcome(feed([pipelined], limits), testCase, 1, 1);
    checkOutcome(feed(bytewise(pipelined), limits), testCase, 1, 1);
  } else {
    const pipelined = Buffer.concat([input, input, input]);
    checkOutcome(feed([pipelined], limits), testCase, 0, 3);
    checkOutcome(feed(bytewise(pipelined), limits), testCase, 0, 3);
  }
}

for (const [concern, cases] of Object.entries(tables)) {
  describe(concern, () => {
    for (const testCase of cases) {
      it(testCase.name, () => runCase(testCase));
    }
  });
}

describe('case tables', () => {
  it('have unique names', () => {
    const names = Object.values(tables).flatMap((cases) => cases.map((testCase) => testCase.name));
    expect(new Set(names).size).toBe(names.length);
  });
});
