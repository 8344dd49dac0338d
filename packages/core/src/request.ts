import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { BodyStream } from './body-stream.js';
import { headerKey } from './header-key.js';
import { HttpError } from './http-error.js';
import { emitClose, takeEmitterMethods } from './lazy-emitter.js';
import type { RequestHead } from './parser/types.js';

/** What a request asks of the connection it came on. @internal */
export interface RequestConnection {
  /** Default limit of `readBody()`. */
  readonly maxBodySize: number;
  /** The handler has started to read the body: answer `Expect: 100-continue` now. */
  bodyWanted(request: Request): void;
}

/** A listener, as EventEmitter takes it. */
type Listener = Parameters<EventEmitter['on']>[1];

/** Events of the body stream: listening for one on the request makes the stream and forwards it. */
const BODY_EVENTS = new Set<string | symbol>(['data', 'end', 'readable', 'error', 'pause', 'resume']);

const emitterOn = EventEmitter.prototype.on;
const emitterOnce = EventEmitter.prototype.once;
const emitterPrepend = EventEmitter.prototype.prependListener;
const emitterPrependOnce = EventEmitter.prototype.prependOnceListener;

/**
 * One HTTP request: its head, and its body as a stream that is read on demand. Like Node's
 * IncomingMessage it is a readable stream (`on('data')`, `pipe`, `pause`, `resume`,
 * `readable`, ...) and an EventEmitter (`'aborted'`, `'close'`), but nothing stream-shaped is
 * built until someone reads or listens. Subclass it (without a constructor of your own) and
 * pass the class as the server's `RequestClass` option to add fields and helpers.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: EventEmitter's methods are put on the prototype at the end of this file.
export class Request {
  /** Method token as sent, e.g. `GET`. */
  readonly method: string;
  /** Request-target as sent; routers may rewrite it while they dispatch. */
  url: string;
  /** `'1.0'` or `'1.1'`. */
  readonly httpVersion: '1.0' | '1.1';
  /** Always 1. */
  readonly httpVersionMajor = 1;
  /** 0 or 1. */
  readonly httpVersionMinor: 0 | 1;
  /** Header fields by lower-case name; repeated fields joined with `, `. */
  readonly headers: Record<string, string>;
  /** Header names and values as sent, alternating. */
  readonly rawHeaders: string[];
  /** Trailer names and values of a chunked body, alternating; filled once the body is complete. */
  rawTrailers: string[] = [];
  /** The socket the request came on. */
  readonly socket: Socket;
  /** True once the whole body has been received. */
  complete: boolean;
  /** True when the client went away before the body was complete. */
  aborted = false;
  /** True when the request carries `Expect: 100-continue`. */
  readonly expectContinue: boolean;

  readonly #bodyStream: BodyStream | undefined;
  readonly #connection: RequestConnection;
  #stream: Readable | undefined;
  /** Body events already forwarded from the stream to the request. */
  #forwarded: Set<string | symbol> | undefined;
  #closeEmitted = false;

  /** @internal Requests are made by the server. */
  constructor(
    head: RequestHead,
    socket: Socket,
    connection: RequestConnection,
    body: BodyStream | undefined,
  ) {
    this.method = head.method;
    this.url = head.target;
    this.httpVersionMinor = head.versionMinor;
    this.httpVersion = head.versionMinor === 1 ? '1.1' : '1.0';
    this.headers = head.headers;
    this.rawHeaders = head.rawHeaders;
    this.expectContinue = head.expectContinue;
    this.socket = socket;
    this.#connection = connection;
    this.#bodyStream = body;
    this.complete = body === undefined;
  }

  /** True when the request has a body (Content-Length above 0, or chunked). */
  get hasBody(): boolean {
    return this.#bodyStream !== undefined;
  }

  /** The value of a header field by name (any case), or undefined. */
  header(name: string): string | undefined {
    return this.headers[headerKey(name)];
  }

  /**
   * The body as a Readable of Buffers; the same stream on every call. Reading it sends
   * `100 Continue` to a client that asked for it. A client that disconnects mid-body
   * makes the stream fail with an `ECONNRESET` error.
   */
  stream(): Readable {
    if (this.#stream) return this.#stream;
    if (this.#bodyStream) {
      this.#stream = this.#bodyStream;
      this.#connection.bodyWanted(this);
    } else {
      this.#stream = Readable.from([]);
    }
    return this.#stream;
  }

  /** The body stream as it is, without asking for the body (no `100 Continue`): for the stream getters. */
  #peek(): Readable {
    if (this.#stream) return this.#stream;
    if (this.#bodyStream) return this.#bodyStream;
    this.#stream = Readable.from([]);
    return this.#stream;
  }

  /** Listening for a body event (`data`, `end`, `readable`, `error`) reads the body, as on IncomingMessage. */
  #forward(event: string | symbol): void {
    if (!BODY_EVENTS.has(event) || this.#forwarded?.has(event)) return;
    this.#forwarded ??= new Set();
    this.#forwarded.add(event);
    this.stream().on(event, (...args: unknown[]) => this.emit(event, ...args));
  }

  /** Adds a listener; for a body event, the body starts to flow to it as on a Readable. */
  on(event: string | symbol, listener: Listener): this {
    emitterOn.call(this, event, listener);
    this.#forward(event);
    return this;
  }

  /** Same as `on`. */
  addListener(event: string | symbol, listener: Listener): this {
    return this.on(event, listener);
  }

  /** Adds a listener called once. */
  once(event: string | symbol, listener: Listener): this {
    emitterOnce.call(this, event, listener);
    this.#forward(event);
    return this;
  }

  /** Adds a listener before the others. */
  prependListener(event: string | symbol, listener: Listener): this {
    emitterPrepend.call(this, event, listener);
    this.#forward(event);
    return this;
  }

  /** Adds a listener called once, before the others. */
  prependOnceListener(event: string | symbol, listener: Listener): this {
    emitterPrependOnce.call(this, event, listener);
    this.#forward(event);
    return this;
  }

  /** Reads from the body, as `Readable.read`. */
  read(size?: number): unknown {
    return this.stream().read(size);
  }

  /** Stops the flow of `'data'` events. */
  pause(): this {
    this.stream().pause();
    return this;
  }

  /** Starts (or restarts) the flow of `'data'` events. */
  resume(): this {
    this.stream().resume();
    return this;
  }

  /** True when the body stream was paused. */
  isPaused(): boolean {
    return this.#peek().isPaused();
  }

  /** Decodes the body's chunks to strings. */
  setEncoding(encoding: BufferEncoding): this {
    this.stream().setEncoding(encoding);
    return this;
  }

  /** Detaches a destination given to `pipe`. */
  unpipe(destination?: NodeJS.WritableStream): this {
    this.#peek().unpipe(destination);
    return this;
  }

  /** Puts a chunk back at the front of the body. */
  unshift(chunk: Buffer | string): void {
    this.stream().unshift(chunk);
  }

  /** Ends the body stream; a request not received whole also ends its connection, as in Node. */
  destroy(error?: Error): this {
    if (!this.complete && !this.socket.destroyed) this.socket.destroy();
    this.#peek().destroy(error);
    return this;
  }

  /** True until the body has been read to its end (or the stream failed). */
  get readable(): boolean {
    return this.#peek().readable;
  }

  /** True once the body's `'end'` was emitted. */
  get readableEnded(): boolean {
    return this.#peek().readableEnded;
  }

  /** The body stream's flowing mode: null (not started), true or false. */
  get readableFlowing(): boolean | null {
    return this.#peek().readableFlowing;
  }

  /** Body bytes buffered and not yet read. */
  get readableLength(): number {
    return this.#peek().readableLength;
  }

  /** The body stream's buffer bound. */
  get readableHighWaterMark(): number {
    return this.#peek().readableHighWaterMark;
  }

  /** Always false: the body is bytes. */
  get readableObjectMode(): boolean {
    return false;
  }

  /** True once the body stream was destroyed. */
  get destroyed(): boolean {
    return this.#peek().destroyed;
  }

  /** The socket, under the name older Node code uses. */
  get connection(): Socket {
    return this.socket;
  }

  /** @internal The client went away before the request was whole: `'aborted'`, as on IncomingMessage. */
  notifyAborted(): void {
    if (this.aborted) return;
    this.aborted = true;
    if (this.listenerCount('aborted') > 0) this.emit('aborted');
  }

  /**
   * @internal The exchange is over. As Node does, a body nobody read is let go (its `'end'`
   * comes), and `'close'` is emitted once, on a later tick.
   */
  notifyClose(): void {
    if (this.#closeEmitted) return;
    this.#closeEmitted = true;
    const stream = this.#stream;
    if (stream !== undefined && !stream.readableEnded && !stream.destroyed) {
      this.removeAllListeners('data');
      stream.resume();
    }
    if (this.listenerCount('close') > 0) process.nextTick(emitClose, this);
  }

  /** Iterates over the body's chunks: `for await (const chunk of req)`. */
  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return this.stream()[Symbol.asyncIterator]();
  }

  /** Pipes the body into a writable, as `Readable.pipe` does. */
  pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    return this.stream().pipe(destination, options);
  }

  /**
   * Reads the whole body into one Buffer. A body over `limit` bytes (the server's
   * `maxBodySize` by default) fails with an HttpError 413 as soon as the limit is crossed,
   * without reading the rest.
   */
  async readBody(limit: number = this.#connection.maxBodySize): Promise<Buffer> {
    const declared = this.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
      throw new HttpError(413, `Request body is larger than the limit of ${limit} bytes`);
    }
    const stream = this.stream();
    // A body read before would come back empty, which looks like a valid empty body: say so instead.
    if (stream.readableDidRead) {
      throw new Error(
        `The body of ${this.method} ${this.url} was already read (by readBody(), stream() or iteration); read it once and keep the result`,
      );
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        throw new HttpError(413, `Request body is larger than the limit of ${limit} bytes`);
      }
      chunks.push(chunk);
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
  }
}

/** A Request is an EventEmitter, and a readable stream by delegation to its body. */
export interface Request extends EventEmitter {}

takeEmitterMethods(Request.prototype);
