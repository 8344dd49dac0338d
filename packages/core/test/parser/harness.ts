import { expect } from 'vitest';
import { type ParseError, type ParseErrorCode, ParseErrorStatus } from '../../src/parser/errors.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import type { BodyFraming, ParserLimits, RequestHead } from '../../src/parser/types.js';

/** Limits for parser tests: the server defaults, which a case may override. */
export const testLimits: ParserLimits = {
  maxRequestLineSize: 8 * 1024,
  maxHeaderSize: 16 * 1024,
  maxHeaderCount: 2000,
  maxChunkLineSize: 4 * 1024,
  requireHostHeader: true,
};

/** What a test expects of one parsed message; fields left out are not checked. */
export interface ExpectedMessage {
  readonly method?: string;
  readonly target?: string;
  readonly versionMinor?: 0 | 1;
  /** A subset of `head.headers`. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly rawHeaders?: readonly string[];
  readonly framing?: BodyFraming['kind'];
  /** Content-Length when `framing` is `length`. */
  readonly length?: number;
  readonly keepAlive?: boolean;
  readonly mustClose?: boolean;
  readonly expectContinue?: boolean;
  /** The whole body, de-chunked, as latin1. */
  readonly body?: string;
  readonly trailers?: readonly string[];
}

/** One parser case: raw bytes (as a latin1 string, CRLF written out) and what they must parse to. */
export interface ParserCase {
  readonly name: string;
  readonly input: string;
  readonly limits?: Partial<ParserLimits>;
  readonly expect:
    | { readonly messages: readonly ExpectedMessage[] }
    | {
        readonly error: ParseErrorCode;
        readonly status: number;
        /** Messages completed before the error. */
        readonly messages?: readonly ExpectedMessage[];
      };
}

/** A case whose input is refused with `error` (and the status that code maps to). */
export function refused(name: string, input: string, error: ParseErrorCode): ParserCase {
  return { name, input, expect: { error, status: ParseErrorStatus[error] } };
}

/** A message as the handlers saw it. */
export interface RecordedMessage {
  readonly head: RequestHead;
  readonly body: string;
  readonly trailers: string[] | undefined;
}

/** Everything one run of the parser produced. */
export interface Outcome {
  readonly messages: RecordedMessage[];
  readonly error: { code: ParseErrorCode; status: number } | undefined;
  /** Calls to onMessageBegin. */
  readonly begins: number;
}

/**
 * Feeds the parts to one parser in order and records what the handlers saw. Checks the
 * contract on the way: every byte is consumed unless an error stops the parser; after an error,
 * calls return at once; each message begins once, before its head; body bytes only come
 * between a head and its completion, never empty.
 */
export function feed(parts: readonly Buffer[], limits: ParserLimits): Outcome {
  const messages: RecordedMessage[] = [];
  let head: RequestHead | undefined;
  let body: Buffer[] = [];
  let begins = 0;
  let begun = false;
  let calledAfterError = false;
  let parser: RequestParser | undefined;
  parser = new RequestParser(
    {
      onMessageBegin() {
        if (parser?.error !== undefined) calledAfterError = true;
        if (begun) throw new Error('onMessageBegin twice for one message');
        if (!parser?.idle) throw new Error('onMessageBegin when the parser was not idle');
        begun = true;
        begins++;
      },
      onHead(received) {
        if (parser?.error !== undefined) calledAfterError = true;
        if (!begun) throw new Error('onHead without onMessageBegin');
        if (head !== undefined) throw new Error('onHead before the previous message completed');
        head = received;
        body = [];
        return undefined;
      },
      onBody(chunk) {
        if (head === undefined) throw new Error('onBody outside a message');
        if (chunk.length === 0) throw new Error('onBody with no bytes');
        body.push(Buffer.from(chunk));
      },
      onMessageComplete(trailers) {
        if (head === undefined) throw new Error('onMessageComplete without a head');
        messages.push({
          head,
          body: Buffer.concat(body).toString('latin1'),
          trailers: head.framing.kind === 'chunked' ? trailers : undefined,
        });
        if (head.framing.kind !== 'chunked' && trailers.length > 0)
          throw new Error('trailers without chunked');
        head = undefined;
        begun = false;
        return false;
      },
    },
    limits,
  );
  let error: ParseError | undefined;
  for (const part of parts) {
    const stoppedAt = parser.execute(part, 0);
    if (error !== undefined) {
      if (stoppedAt !== 0) throw new Error('execute after an error did not return start');
      continue;
    }
    error = parser.error;
    if (error === undefined && stoppedAt !== part.length) {
      throw new Error(`execute stopped at ${stoppedAt} of ${part.length} without an error or a pause`);
    }
  }
  if (calledAfterError) throw new Error('a handler ran after the error');
  return {
    messages,
    error: error === undefined ? undefined : { code: error.code, status: error.status },
    begins,
  };
}

/** Limits of a case: the test defaults with its overrides. */
export function limitsOf(testCase: ParserCase): ParserLimits {
  return { ...testLimits, ...testCase.limits };
}

/** A request that parses under any limit a case sets, sent before error cases in the pipelined run. */
export const PIPELINE_PREFIX = 'GET / HTTP/1.0\r\n\r\n';

/** Checks an outcome against what a case expects. */
export function checkOutcome(
  outcome: Outcome,
  testCase: ParserCase,
  prefixMessages: number,
  repeat: number,
): void {
  const wanted = testCase.expect;
  const messages = [
    ...Array.from(
      { length: prefixMessages },
      (): ExpectedMessage => ({ method: 'GET', target: '/', versionMinor: 0 }),
    ),
    ...Array.from({ length: repeat }, () => wanted.messages ?? []).flat(),
  ];
  if ('error' in wanted) {
    expect(outcome.error, 'error').toEqual({ code: wanted.error, status: wanted.status });
    // The message that failed may or may not have begun (a stray CRLF never does).
    expect(outcome.begins - messages.length, 'onMessageBegin calls').toBeOneOf([0, 1]);
  } else {
    expect(outcome.error, 'error').toBeUndefined();
    expect(outcome.begins, 'onMessageBegin calls').toBe(messages.length);
  }
  expect(outcome.messages.length, 'number of messages').toBe(messages.length);
  messages.forEach((message, index) => {
    const actual = outcome.messages[index];
    if (actual === undefined) throw new Error(`message ${index} missing`);
    checkMessage(actual, message, index);
  });
}

function checkMessage(actual: RecordedMessage, wanted: ExpectedMessage, index: number): void {
  const { head } = actual;
  const label = (what: string) => `message ${index}: ${what}`;
  if (wanted.method !== undefined) expect(head.method, label('method')).toBe(wanted.method);
  if (wanted.target !== undefined) expect(head.target, label('target')).toBe(wanted.target);
  if (wanted.versionMinor !== undefined)
    expect(head.versionMinor, label('version')).toBe(wanted.versionMinor);
  if (wanted.rawHeaders !== undefined)
    expect(head.rawHeaders, label('rawHeaders')).toEqual(wanted.rawHeaders);
  if (wanted.headers !== undefined) {
    for (const [name, value] of Object.entries(wanted.headers)) {
      expect(head.headers[name], label(`header ${name}`)).toBe(value);
    }
  }
  if (wanted.framing !== undefined) expect(head.framing.kind, label('framing')).toBe(wanted.framing);
  if (wanted.length !== undefined)
    expect(head.framing, label('length')).toEqual({ kind: 'length', length: wanted.length });
  if (wanted.keepAlive !== undefined) expect(head.keepAlive, label('keepAlive')).toBe(wanted.keepAlive);
  if (wanted.mustClose !== undefined) expect(head.mustClose, label('mustClose')).toBe(wanted.mustClose);
  if (wanted.expectContinue !== undefined) {
    expect(head.expectContinue, label('expectContinue')).toBe(wanted.expectContinue);
  }
  if (wanted.body !== undefined) expect(actual.body, label('body')).toBe(wanted.body);
  if (wanted.trailers !== undefined) expect(actual.trailers, label('trailers')).toEqual(wanted.trailers);
}

/** A comparable form of an outcome, so that split runs can be matched against the whole run cheaply. */
export function fingerprint(outcome: Outcome): string {
  return JSON.stringify({
    error: outcome.error,
    begins: outcome.begins,
    messages: outcome.messages.map(({ head, body, trailers }) => ({
      ...head,
      headers: { ...head.headers },
      body,
      trailers,
    })),
  });
}

/** The input cut into two parts at `at`. */
export function splitAt(input: Buffer, at: number): Buffer[] {
  return [input.subarray(0, at), input.subarray(at)];
}

/** The input cut into one-byte parts. */
export function bytewise(input: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let index = 0; index < input.length; index++) parts.push(input.subarray(index, index + 1));
  return parts;
}
