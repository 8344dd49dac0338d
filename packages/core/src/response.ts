import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { headerKey } from './header-key.js';
import { assertValidHeader, isAsciiFieldValue, isFieldValue } from './header-validation.js';
import { emitClose, takeEmitterMethods } from './lazy-emitter.js';
import type { Request } from './request.js';
import { decideFraming, type ResponseFraming } from './response-framing.js';
import { type HeaderEntry, writeHead } from './write-head.js';

/** What a response asks of the connection it answers on. @internal */
export interface ResponseConnection {
  readonly socket: Socket;
  readonly sendDate: boolean;
  /** True when the connection closes after this response for reasons of its own (request, limits, shutdown). */
  closesAfter(response: Response): boolean;
  /** The head is decided; `closes` tells whether the connection closes after this response. */
  headDecided(response: Response, closes: boolean): void;
  /** Groups the writes that follow into one socket write, until `uncork()`. */
  cork(): void;
  /** Ends a `cork()`. */
  uncork(): void;
  /** Writes bytes of the current response; false when the socket's buffer is full. */
  write(data: string | Uint8Array, encoding?: BufferEncoding, callback?: () => void): boolean;
  /** The response has been written whole (`complete`) or ended short of its Content-Length. */
  responseFinished(response: Response, complete: boolean): void;
  /** The response cannot be completed: end the connection at once. */
  abort(response: Response): void;
}

/** A header value as the app may give it. */
export type HeaderValue = string | number | readonly string[];

type Chunk = string | Uint8Array;

const EMPTY = Buffer.alloc(0);

function byteLength(chunk: Chunk, encoding: BufferEncoding): number {
  return typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding) : chunk.byteLength;
}

/**
 * One HTTP response. Headers keep the case the app gave them and go out exactly as set.
 * The body is sent whole by `end(body)` (with Content-Length) or streamed by `write()`
 * (chunked on HTTP/1.1 unless the app set Content-Length; close-delimited on HTTP/1.0).
 * Events: `finish` (written whole), `close` (done or the connection went away), `drain`.
 * Subclass it (without a constructor of your own) and pass the class as the server's
 * `ResponseClass` option to add helpers.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: EventEmitter's methods are put on the prototype at the end of this file.
export class Response {
  /** Status to send; 200 unless changed. */
  statusCode = 200;
  /** Reason phrase to send; the standard one when undefined. */
  statusMessage: string | undefined = undefined;
  /** The request this answers. */
  readonly req: Request;

  readonly #connection: ResponseConnection;
  readonly #headers = new Map<string, HeaderEntry>();
  #headLocked = false;
  #headWritten = false;
  #ended = false;
  #finished = false;
  #framing: ResponseFraming = 'none';
  #declaredLength = -1;
  #writtenLength = 0;
  #needDrain = false;
  #takenOver = false;
  #finishPending = false;
  /** True while every header and the reason are ASCII, so the head can share a UTF-8 write with the body. */
  #asciiHead = true;
  #closePending = false;
  #closeEmitted = false;
  #destroyed = false;
  /**
   * A Content-Length known without an entry among the headers, or -1: the one `declareLength`
   * set (as Express's send() sets it), or the one the framing added. It reads as a header.
   */
  #lengthHeader = -1;
  /** The head as written, for `_header`. */
  #headText: string | undefined;

  /** @internal Responses are made by the server. */
  constructor(request: Request, connection: ResponseConnection) {
    this.req = request;
    this.#connection = connection;
  }

  /** The socket the response goes out on. */
  get socket(): Socket {
    return this.#connection.socket;
  }

  /** True once the head can no longer change (after `writeHead`, the first `write` or `end`). */
  get headersSent(): boolean {
    return this.#headLocked;
  }

  /** @internal True once the head is on its way to the socket (writeHead() alone only fixes it). */
  get headWritten(): boolean {
    return this.#headWritten;
  }

  /** True once `end()` has been called. */
  get writableEnded(): boolean {
    return this.#ended;
  }

  /** True once the whole response has been handed to the socket. */
  get writableFinished(): boolean {
    return this.#finished;
  }

  /**
   * True once the exchange is over: the response went out whole, or the connection went away.
   * Stream helpers (`pipeline`, `finished`) read it to see a response whose client left before they started.
   */
  get closed(): boolean {
    return this.#closeEmitted;
  }

  /** True until `end()` is called or the connection goes away, as on a Writable. */
  get writable(): boolean {
    return !this.#ended && !this.#closeEmitted && !this.#destroyed;
  }

  /**
   * Node's name for "the head is fixed": the head as written, or its status line while
   * `writeHead()` has fixed it and nothing is written yet; null before. Libraries test it.
   */
  get _header(): string | null {
    if (!this.#headLocked) return null;
    return this.#headText ?? `HTTP/1.1 ${this.statusCode}\r\n`;
  }

  /** Fixes the head with the current status, through `writeHead()`, as Node's write() and end() do. */
  _implicitHeader(): void {
    this.writeHead(this.statusCode);
  }

  /** What write() and end() do to fix the head: through a wrapped writeHead() if there is one. */
  #lockHead(): void {
    // Nobody wrapped writeHead (on-headers does): lock directly; the head is checked when made.
    if (this.writeHead === baseWriteHead) this.#headLocked = true;
    else this._implicitHeader();
  }

  /** True once `end()` has been called (Node's older name for `writableEnded`). */
  get finished(): boolean {
    return this.#ended;
  }

  /** The socket, under the name older Node code uses. */
  get connection(): Socket {
    return this.#connection.socket;
  }

  /** True once `destroy()` was called. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /**
   * Ends the connection at once, as on a Writable: a response cut short this way can never
   * look complete to the client. `stream.pipeline(source, res)` calls it when the source
   * fails. 'close' follows once the socket is gone.
   */
  destroy(_error?: Error): this {
    if (this.#destroyed) return this;
    this.#destroyed = true;
    this.#connection.abort(this);
    return this;
  }

  /**
   * Undoes `writeHead()` while nothing of the head is on the wire, so that an error response
   * can be sent instead: status, reason and headers are cleared. False once the head went out.
   */
  discardHead(): boolean {
    if (this.#headWritten) return false;
    this.#headLocked = false;
    this.#headers.clear();
    this.#lengthHeader = -1;
    this.#asciiHead = true;
    this.statusCode = 200;
    this.statusMessage = undefined;
    return true;
  }

  /** True when `write()` returned false and `drain` has not been emitted since. */
  get writableNeedDrain(): boolean {
    return this.#needDrain;
  }

  /** Sets a header, replacing any value under the same name in any case. Throws on a name or value that is not valid HTTP. */
  setHeader(name: string, value: HeaderValue): this {
    // The server answered in the app's place: what the app does next is ignored, not blamed on it.
    if (this.#takenOver) return this;
    this.#assertHeadOpen(name);
    const stored = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : [...value];
    if (!assertValidHeader(name, stored)) this.#asciiHead = false;
    const key = headerKey(name);
    if (key === 'content-length') this.#lengthHeader = -1;
    this.#headers.set(key, { name, value: stored });
    return this;
  }

  /**
   * Sets Content-Length to the length of the body about to be sent, as Express's `send()`
   * does, so that middleware reads it with `getHeader()`; cheaper than `setHeader`, since it
   * needs no validation and no entry of its own.
   */
  protected declareLength(length: number): void {
    this.#assertHeadOpen('Content-Length');
    this.#headers.delete('content-length');
    this.#lengthHeader = length;
  }

  /**
   * Sets a header whose value the framework made itself and knows to be valid (an ETag it
   * computed), under its lower-case `key`: no validation and no case folding, which setHeader
   * would spend on every response.
   */
  protected setOwnHeader(key: string, name: string, value: string): void {
    if (this.#takenOver) return;
    this.#assertHeadOpen(name);
    this.#headers.set(key, { name, value });
  }

  /** True when a header is set under the lower-case `key` (hasHeader without the case folding). */
  protected hasHeaderKey(key: string): boolean {
    return this.#headers.has(key);
  }

  /** Adds a value to a header, keeping the values already there. */
  appendHeader(name: string, value: HeaderValue): this {
    const current = this.#headers.get(headerKey(name));
    if (current === undefined) return this.setHeader(name, value);
    const added = typeof value === 'number' ? [String(value)] : typeof value === 'string' ? [value] : value;
    const existing = typeof current.value === 'string' ? [current.value] : current.value;
    return this.setHeader(current.name, [...existing, ...added]);
  }

  /** The value of a header by name (any case). */
  getHeader(name: string): string | readonly string[] | undefined {
    const key = headerKey(name);
    const value = this.#headers.get(key)?.value;
    // The Content-Length Skiff added is read back as Express's send() sets it.
    if (value === undefined && this.#lengthHeader >= 0 && key === 'content-length')
      return String(this.#lengthHeader);
    return value;
  }

  /** True when a header of that name (any case) is set. */
  hasHeader(name: string): boolean {
    const key = headerKey(name);
    return this.#headers.has(key) || (this.#lengthHeader >= 0 && key === 'content-length');
  }

  /** Removes a header by name (any case). */
  removeHeader(name: string): this {
    if (this.#takenOver) return this;
    this.#assertHeadOpen(name);
    const key = headerKey(name);
    if (key === 'content-length') this.#lengthHeader = -1;
    this.#headers.delete(key);
    return this;
  }

  /** The lower-case names of the headers set. */
  getHeaderNames(): string[] {
    const names = [...this.#headers.keys()];
    if (this.#lengthHeader >= 0 && !this.#headers.has('content-length')) names.push('content-length');
    return names;
  }

  /** The headers set, by lower-case name. */
  getHeaders(): Record<string, string | readonly string[]> {
    const result: Record<string, string | readonly string[]> = {};
    for (const [key, entry] of this.#headers) result[key] = entry.value;
    if (this.#lengthHeader >= 0 && result['content-length'] === undefined) {
      result['content-length'] = String(this.#lengthHeader);
    }
    return result;
  }

  /** Sets the status, reason and headers, and locks the head; it is written with the first byte of body. */
  writeHead(
    status: number,
    reasonOrHeaders?: string | Record<string, HeaderValue>,
    headers?: Record<string, HeaderValue>,
  ): this {
    if (this.#takenOver) return this;
    if (this.#headLocked)
      throw new Error('writeHead() was called after the head was sent; set the status before writing');
    this.statusCode = status;
    let fields = headers;
    if (typeof reasonOrHeaders === 'string') this.statusMessage = reasonOrHeaders;
    else fields = reasonOrHeaders;
    if (fields) for (const [name, value] of Object.entries(fields)) this.setHeader(name, value);
    this.#assertStatus();
    this.#headLocked = true;
    return this;
  }

  /** Sends the head now, for a body that will be streamed. */
  flushHeaders(): void {
    if (!this.#headLocked) this.#lockHead();
    if (!this.#headWritten) this.#sendHead();
  }

  /**
   * Writes a piece of the body (the head goes first, with streaming framing). Returns
   * false when the socket's buffer is full: wait for `drain` before writing more.
   */
  write(chunk: Chunk, callback?: () => void): boolean;
  write(chunk: Chunk, encoding?: BufferEncoding, callback?: () => void): boolean;
  write(chunk: Chunk, encoding: BufferEncoding | (() => void) = 'utf8', callback?: () => void): boolean {
    // write(chunk, callback), as on any Writable: the callback must not be taken for an encoding.
    if (typeof encoding === 'function') return this.write(chunk, 'utf8', encoding);
    if (encoding === 'ascii') return this.write(chunk, 'latin1', callback);
    if (this.#destroyed) return false;
    if (this.#takenOver) {
      // Taken as written, so a pipeline into it does not wait for a 'drain' that never comes.
      if (callback !== undefined) process.nextTick(callback);
      return true;
    }
    if (this.#ended)
      throw new Error(`write() after end() on the response to ${this.req.method} ${this.req.url}`);
    if (!this.#headLocked) this.#lockHead();
    if (!this.#headWritten) this.#sendHead();
    const ok = this.#writeBody(chunk, encoding, callback);
    if (!ok) this.#needDrain = true;
    return ok;
  }

  /**
   * Finishes the response, with a last piece of body if given. When nothing was written
   * before, the body goes out whole with its Content-Length.
   */
  end(
    chunk?: Chunk | (() => void),
    encoding: BufferEncoding | (() => void) = 'utf8',
    callback?: () => void,
  ): this {
    if (typeof chunk === 'function') return this.end(undefined, 'utf8', chunk);
    if (typeof encoding === 'function') return this.end(chunk, 'utf8', encoding);
    // Node writes an 'ascii' string byte for byte, as Latin-1; 'ascii' in the writer means "known ASCII".
    if (encoding === 'ascii') return this.end(chunk, 'latin1', callback);
    if (this.#takenOver || this.#destroyed) return this;
    if (this.#ended) {
      process.emitWarning(
        `end() was called again on the response to ${this.req.method} ${this.req.url}; the second call was ignored. Return after sending a response, or check res.writableEnded.`,
        'SkiffWarning',
      );
      return this;
    }
    const connection = this.#connection;
    const length = chunk === undefined ? 0 : byteLength(chunk, encoding);
    connection.cork();
    try {
      if (this.#headWritten) {
        if (chunk !== undefined && length > 0) this.#writeBody(chunk, encoding, undefined);
      } else {
        // As Node does, through writeHead(): libraries that wrap it (on-headers) see the head fixed.
        if (!this.#headLocked) this.#lockHead();
        const head = this.#makeHead(length);
        if (
          typeof chunk === 'string' &&
          length > 0 &&
          this.#framing === 'length' &&
          encoding === 'utf8' &&
          this.#asciiHead
        ) {
          // Head and body in one string: one chunk for the socket, and one write for a whole pipelined batch.
          this.#writtenLength = length;
          // A UTF-8 string is ASCII exactly when it has as many bytes as characters.
          this.#connection.write(head + chunk, length === chunk.length ? 'ascii' : 'utf8');
        } else {
          this.#connection.write(head, this.#asciiHead ? 'ascii' : 'latin1');
          if (chunk !== undefined && length > 0) this.#writeBody(chunk, encoding, undefined);
        }
      }
      this.#ended = true;
      if (this.#framing === 'chunked') this.#connection.write('0\r\n\r\n', 'ascii');
      this.#finished = true;
      if (this.listenerCount('finish') > 0 || callback !== undefined) {
        this.#finishPending = true;
        this.#connection.write(EMPTY, undefined, () => this.#emitFinish(callback));
      }
    } finally {
      connection.uncork();
    }
    const complete = this.#framing !== 'length' || this.#writtenLength === this.#declaredLength;
    this.#connection.responseFinished(this, complete);
    return this;
  }

  /** @internal The socket has room again. */
  notifyDrain(): void {
    if (!this.#needDrain) return;
    this.#needDrain = false;
    this.emit('drain');
  }

  /** @internal The exchange is over, one way or another. */
  notifyClose(): void {
    // Once only: a response ended after its client left must not report a second 'close'.
    if (this.#closeEmitted || this.#closePending) return;
    // 'close' comes after 'finish', as stream consumers (pipeline, on-finished) expect.
    if (this.#finishPending) this.#closePending = true;
    else {
      this.#closeEmitted = true;
      // On a later tick, as a Writable's: never inside the end() or write() that finished the exchange.
      if (this.listenerCount('close') > 0) process.nextTick(emitClose, this);
    }
  }

  #emitFinish(callback: (() => void) | undefined): void {
    this.#finishPending = false;
    callback?.();
    // 'finish' means written whole; after 'close' (the client left first) it would be a lie.
    if (this.#closeEmitted) return;
    this.emit('finish');
    if (this.#closePending) {
      this.#closePending = false;
      this.#closeEmitted = true;
      this.emit('close');
    }
  }

  /** @internal The server answered in the app's place (e.g. a parse error mid-body): ignore what the app does next. */
  takeOver(): void {
    this.#takenOver = true;
    this.#headLocked = true;
    this.#headWritten = true;
    this.#ended = true;
    this.#finished = true;
  }

  #assertHeadOpen(name: string): void {
    if (this.#headLocked) {
      throw new Error(
        `Cannot set header ${name}: the head of the response is already fixed by writeHead(), write() or end(); set headers before those calls`,
      );
    }
  }

  #assertStatus(): void {
    const status = this.statusCode;
    if (!Number.isInteger(status) || status < 100 || status > 999) {
      throw new RangeError(`Invalid status code ${String(status)}: it must be an integer from 100 to 999`);
    }
    if (status < 200 && status !== 101) {
      throw new RangeError(`Status ${status} is an interim response; send a final status (200 and above)`);
    }
    if (this.statusMessage !== undefined) {
      if (!isFieldValue(this.statusMessage)) {
        throw new RangeError('statusMessage must not contain CR, LF or other controls');
      }
      if (!isAsciiFieldValue(this.statusMessage)) this.#asciiHead = false;
    }
  }

  /** Writes the head for a body that will be streamed. */
  #sendHead(): void {
    this.#connection.write(this.#makeHead(undefined), this.#asciiHead ? 'ascii' : 'latin1');
  }

  /** Decides the framing (in `decideFraming`) and serialises the head; `wholeLength` is the body length when end() sends it whole. */
  #makeHead(wholeLength: number | undefined): string {
    // Checked here too, not only in writeHead(): statusMessage may change until the head goes out.
    this.#assertStatus();
    const request = this.req;
    const headers = this.#headers;
    // A declared length equal to the body sent whole is the one the framing adds anyway; any
    // other (a body streamed after send() declared it) goes out as a header of its own. So does
    // any declared length on HEAD, 0 included: RFC 9110 §9.3.2, the fields GET would have sent.
    const declared = this.#lengthHeader;
    const headRequest = request.method === 'HEAD';
    if (declared >= 0 && (declared !== wholeLength || headRequest) && !headers.has('content-length')) {
      headers.set('content-length', { name: 'Content-Length', value: String(declared) });
    }
    const decision = decideFraming({
      status: this.statusCode,
      headRequest,
      httpVersionMinor: request.httpVersionMinor,
      contentLength: headers.get('content-length')?.value,
      transferEncoding: headers.get('transfer-encoding')?.value,
      connection: headers.get('connection')?.value,
      wholeLength,
      serverCloses: this.#connection.closesAfter(this),
    });
    if (decision.drop === 'both') headers.delete('content-length');
    if (decision.drop !== 'none') headers.delete('transfer-encoding');
    if (decision.dropAppConnection) headers.delete('connection');
    this.#framing = decision.kind;
    this.#declaredLength = decision.length;
    this.#headLocked = true;
    this.#headWritten = true;
    this.#connection.headDecided(this, decision.closes);
    if (decision.addContentLength !== undefined) this.#lengthHeader = decision.addContentLength;
    this.#headText = writeHead({
      status: this.statusCode,
      reason: this.statusMessage,
      headers: headers.values(),
      addContentLength: decision.addContentLength,
      addChunked: decision.addChunked,
      connection: decision.connection,
      sendDate: this.#connection.sendDate && !headers.has('date'),
    });
    return this.#headText;
  }

  #writeBody(chunk: Chunk, encoding: BufferEncoding, callback: (() => void) | undefined): boolean {
    const length = byteLength(chunk, encoding);
    if (length === 0) {
      callback?.();
      return true;
    }
    switch (this.#framing) {
      case 'none':
        callback?.();
        return true;
      case 'length':
        if (this.#writtenLength + length > this.#declaredLength) {
          throw new Error(
            `The body of the response to ${this.req.method} ${this.req.url} is longer than its Content-Length ${this.#declaredLength}`,
          );
        }
        this.#writtenLength += length;
        return this.#connection.write(chunk, encoding, callback);
      case 'chunked': {
        const connection = this.#connection;
        connection.cork();
        this.#connection.write(`${length.toString(16)}\r\n`, 'ascii');
        this.#connection.write(chunk, encoding);
        const ok = this.#connection.write('\r\n', 'ascii', callback);
        connection.uncork();
        return ok;
      }
      case 'close':
        return this.#connection.write(chunk, encoding, callback);
    }
  }
}

const baseWriteHead = Response.prototype.writeHead;

/** A Response is an EventEmitter (for `on('finish')`, `pipe()`, `pipeline()`). */
export interface Response extends EventEmitter {}

takeEmitterMethods(Response.prototype);
