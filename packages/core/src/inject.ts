import type { Socket } from 'node:net';
import { MemorySocket } from './inject/memory-socket.js';
import { type InjectResponse, ResponseReader } from './inject/response-reader.js';
import { type InjectRequest, serializeRequest } from './inject/serialize.js';
import type { Limits } from './limits.js';
import { RequestParser } from './parser/request-parser.js';

export type { InjectResponse } from './inject/response-reader.js';
export type { InjectBody, InjectRequest } from './inject/serialize.js';

/** Raw HTTP bytes, as a client would write them to the socket (a string is sent as UTF-8). */
export type RawRequest = string | Uint8Array;

/** Options of `inject()` and `injectAll()`. */
export interface InjectOptions {
  /** How long to wait for every response, in ms; then the connection is dropped and the promise rejects. Default 10 000. */
  timeout?: number;
  /** The client's address for raw input (an object request gives its own `remoteAddress`). Default `127.0.0.1`. */
  remoteAddress?: string;
}

/** Why an injection gave no response: `TIMEOUT`, `NO_RESPONSE` (closed without one), `BAD_RESPONSE` (bytes that are not HTTP). */
export type InjectErrorCode = 'TIMEOUT' | 'NO_RESPONSE' | 'BAD_RESPONSE';

/** An injection that could not be answered; the responses that did arrive whole are kept. */
export class InjectError extends Error {
  readonly code: InjectErrorCode;
  /** The responses read before the failure. */
  readonly responses: readonly InjectResponse[];

  constructor(code: InjectErrorCode, message: string, responses: readonly InjectResponse[]) {
    super(message);
    this.name = 'InjectError';
    this.code = code;
    this.responses = responses;
  }
}

/** What inject needs of a server. @internal */
export interface InjectTarget {
  limits(): Limits;
  /** True when the server serves HTTPS: the in-memory socket then says `encrypted`. */
  secure(): boolean;
  /** Takes a socket as an accepted connection, without TLS. */
  accept(socket: Socket): void;
}

/** How long an injection waits for its responses by default. */
export const DEFAULT_INJECT_TIMEOUT = 10_000;

/** Runs one request (an object, or raw bytes holding one request) and resolves to its response. */
export async function inject(
  target: InjectTarget,
  request: InjectRequest | RawRequest,
  options: InjectOptions = {},
): Promise<InjectResponse> {
  const raw = isRaw(request);
  const input = raw ? toBuffer(request) : serializeRequest(request);
  const scan = raw ? scanRequests(input, target.limits()) : scanOf([request]);
  if (scan.requests > 1) {
    throw new TypeError(
      `inject() takes one request; these bytes hold ${scan.requests} pipelined requests: use injectAll() for all their responses`,
    );
  }
  const remoteAddress = (raw ? undefined : request.remoteAddress) ?? options.remoteAddress ?? '127.0.0.1';
  const responses = await run(target, input, scan, remoteAddress, options.timeout ?? DEFAULT_INJECT_TIMEOUT);
  const response = responses[0];
  if (response === undefined) {
    throw new InjectError(
      'NO_RESPONSE',
      `inject(): ${describe(input)}: the server closed the connection without a response`,
      [],
    );
  }
  return response;
}

/**
 * Runs several requests on one in-memory connection, pipelined (raw bytes, or objects
 * written one after the other), and resolves to every response, in order. Bytes the server
 * rejects get their 400 as the last response (the server then closes).
 */
export async function injectAll(
  target: InjectTarget,
  requests: RawRequest | readonly InjectRequest[],
  options: InjectOptions = {},
): Promise<InjectResponse[]> {
  const objects = isRaw(requests) ? [] : requests;
  const input = isRaw(requests) ? toBuffer(requests) : Buffer.concat(objects.map(serializeRequest));
  const scan = isRaw(requests) ? scanRequests(input, target.limits()) : scanOf(objects);
  const remoteAddress = objects[0]?.remoteAddress ?? options.remoteAddress ?? '127.0.0.1';
  return run(target, input, scan, remoteAddress, options.timeout ?? DEFAULT_INJECT_TIMEOUT);
}

/** What the input holds, read with the server's own parser and limits. */
interface Scan {
  /** The methods of the heads read, in order (the responses' framing depends on HEAD). */
  readonly methods: string[];
  /** Requests received whole. */
  requests: number;
  /** True when the input ends with a whole request: the server answers each and then waits for more. */
  clean: boolean;
}

/** What serialized objects hold: one whole request each (serializeRequest checks it), with no parse. */
function scanOf(requests: readonly InjectRequest[]): Scan {
  return {
    methods: requests.map((request) => request.method ?? 'GET'),
    requests: requests.length,
    clean: true,
  };
}

function scanRequests(input: Buffer, limits: Limits): Scan {
  const scan: Scan = { methods: [], requests: 0, clean: true };
  let inMessage = false;
  const parser = new RequestParser(
    {
      onMessageBegin: () => {
        inMessage = true;
      },
      onHead: (head) => {
        scan.methods.push(head.method);
        return undefined;
      },
      onBody: () => {},
      onMessageComplete: () => {
        scan.requests++;
        inMessage = false;
        return false;
      },
    },
    limits,
  );
  parser.execute(input, 0);
  // Bytes the server rejects, or the start of a request that never ends: the server, not the
  // count, says when the exchange is over (a 400 and its close, or its timeouts).
  scan.clean = parser.error === undefined && !inMessage;
  return scan;
}

/** Hands an in-memory socket to the server, writes the input, and reads the responses until they are all there. */
function run(
  target: InjectTarget,
  input: Buffer,
  scan: Scan,
  remoteAddress: string,
  timeout: number,
): Promise<InjectResponse[]> {
  if (!(timeout > 0)) throw new TypeError(`inject(): timeout must be a number > 0, got ${String(timeout)}`);
  return new Promise((resolve, reject) => {
    const reader = new ResponseReader(scan.methods);
    let settled = false;
    let serverEnded = false;
    const check = (): void => {
      if (settled) return;
      if (reader.error !== undefined) {
        finish();
        reject(new InjectError('BAD_RESPONSE', reader.error.message, reader.responses));
        return;
      }
      const answered = scan.clean && reader.responses.length >= scan.requests && !reader.midResponse;
      if (!answered && !serverEnded && !socket.destroyed) return;
      finish();
      resolve(reader.responses);
    };
    const socket = new MemorySocket({
      remoteAddress,
      remotePort: 0,
      encrypted: target.secure(),
      onOutput: (chunk) => {
        reader.read(chunk);
        check();
      },
      onEnd: () => {
        serverEnded = true;
        reader.end();
        check();
      },
    });
    socket.on('close', check);
    const timer = setTimeout(() => {
      if (settled) return;
      finish();
      socket.destroy();
      reject(
        new InjectError(
          'TIMEOUT',
          `inject(): ${describe(input)}: no whole response within ${timeout} ms (${reader.responses.length} of ${scan.requests} received). ${
            scan.clean
              ? 'The handler has not finished its response: a missing res.end()? The server answers such requests itself only with its handlerTimeout option.'
              : 'The input ends in the middle of a request: the server waits for the rest until its headersTimeout or requestTimeout.'
          }`,
          reader.responses,
        ),
      );
    }, timeout);
    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      // The client's FIN: the server ends a connection with nothing in flight at once.
      if (!socket.destroyed && !socket.readableEnded) socket.push(null);
    };
    target.accept(socket as unknown as Socket);
    if (input.length > 0) socket.send(input);
    check();
  });
}

function isRaw(value: unknown): value is RawRequest {
  return typeof value === 'string' || value instanceof Uint8Array;
}

function toBuffer(raw: RawRequest): Buffer {
  return typeof raw === 'string'
    ? Buffer.from(raw, 'utf8')
    : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** The first request line, to name the request in an error. */
function describe(input: Buffer): string {
  const end = input.indexOf('\r\n');
  return JSON.stringify(
    input.toString('latin1', 0, end < 0 ? Math.min(input.length, 80) : Math.min(end, 80)),
  );
}
