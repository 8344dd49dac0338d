import type { Socket } from 'node:net';
import { BodyStream } from './body-stream.js';
import type { Limits } from './limits.js';
import type { ParseError } from './parser/errors.js';
import { RequestParser } from './parser/request-parser.js';
import type { ParserHandlers, RequestHead } from './parser/types.js';
import type { Request, RequestConnection } from './request.js';
import type { Response, ResponseConnection } from './response.js';
import { CONTINUE_HEAD, type ResponseFraming, writeCannedResponse } from './write-head.js';

/** What a connection needs from the server that accepted it. @internal */
export interface ConnectionHost {
  readonly limits: Limits;
  readonly closing: boolean;
  createExchange(
    head: RequestHead,
    connection: Connection,
    body: BodyStream | undefined,
  ): [Request, Response];
  dispatch(request: Request, response: Response): void;
  connectionClosed(connection: Connection): void;
}

// Why the socket is not being read; it is read again when no reason is left.
const PAUSED_FOR_BODY = 1;
const PAUSED_FOR_PIPELINE = 2;
const PAUSED_FOR_OUTPUT = 4;

/**
 * One client socket: its parser, the exchange in flight, the requests that wait behind
 * it, and its timers. Requests are answered one at a time, in order: while a response is
 * pending, the bytes of the next requests wait unparsed (bounded by maxPipelineBuffer).
 */
export class Connection implements ParserHandlers, RequestConnection, ResponseConnection {
  readonly socket: Socket;
  readonly #host: ConnectionHost;
  readonly #limits: Limits;
  readonly #parser: RequestParser;

  #request: Request | undefined;
  #response: Response | undefined;
  #body: BodyStream | undefined;
  #responseDone = false;
  #continueSent = false;
  #bodyWanted = false;
  #draining = false;
  #drained = 0;
  #pending: Buffer | undefined;
  #paused = 0;
  #parsing = false;
  #served = 0;
  #closeAfterExchange = false;
  #closed = false;
  /** The client sent its FIN: it sends nothing more, but still reads what it asked for. */
  #peerEnded = false;
  /** When this side sent (or queued) its FIN, or 0. */
  #closingSince = 0;
  #destroyPending = false;
  /** Response bytes (UTF-8 strings) gathered during one read, written at its end in one piece. */
  #batch = '';
  #batching = false;
  /** The batch holds a non-ASCII UTF-8 string, so it is written as UTF-8. */
  #batchUtf8 = false;
  /** A batched write returned false: the writer waits for a 'drain'. */
  #drainOwed = false;
  /** The socket was corked during this read, for a write the batch could not take. */
  #corked = false;

  /** When the head being read started, or 0. */
  headStartedAt = 0;
  /** When the request in flight started, or 0. */
  requestStartedAt = 0;
  /** When the connection became idle, or 0 while it is busy. */
  idleSince: number;

  constructor(socket: Socket, host: ConnectionHost) {
    this.socket = socket;
    this.#host = host;
    this.#limits = host.limits;
    this.#parser = new RequestParser(this, host.limits);
    this.idleSince = Date.now();
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('drain', () => this.#onDrain());
    socket.on('error', () => {
      // ECONNRESET, EPIPE and the like: the 'close' that follows cleans up.
    });
    socket.on('end', () => this.#onEnd());
    socket.on('close', () => this.#onClose());
  }

  /** Default limit of `readBody()` for requests on this connection. */
  get maxBodySize(): number {
    return this.#limits.maxBodySize;
  }

  /** Whether responses on this connection carry a Date header. */
  get sendDate(): boolean {
    return this.#limits.sendDate;
  }

  /** True when no request is in flight and no byte of a next one has arrived. */
  get idle(): boolean {
    return this.#request === undefined && this.#parser.idle && this.#pending === undefined;
  }

  /** True once the head of the response in flight has gone out (not merely fixed by writeHead()). */
  get responseStarted(): boolean {
    return this.#response?.headWritten ?? false;
  }

  // ---- reading ----

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    // While a request's body is still arriving, its bytes go to the parser; once it is complete, the next
    // request's bytes wait until its response is done.
    if (this.#pending !== undefined || this.#request?.complete === true) {
      this.#hold(chunk);
      return;
    }
    if (this.#parser.idle && this.headStartedAt === 0) this.headStartedAt = Date.now();
    this.idleSince = 0;
    this.#parseBatched(chunk);
  }

  /** Parses with every response finished meanwhile gathered into one write. */
  #parseBatched(data: Buffer): void {
    this.#batching = true;
    this.#parse(data);
    this.#batching = false;
    this.#flush();
    if (this.#corked) {
      this.#corked = false;
      this.socket.uncork();
    }
    this.#closeIfPeerDone();
  }

  #flush(): void {
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = '';
    const encoding = this.#batchUtf8 ? 'utf8' : 'latin1';
    this.#batchUtf8 = false;
    // A one-byte string goes to the socket as a copy; UTF-8 is paid for only when a body needs it.
    if (this.socket.destroyed) return;
    const ok = this.socket.write(batch, encoding);
    if (ok && this.#drainOwed) {
      // The socket took the whole batch at once, so it will emit no 'drain' of its own: a writer
      // that was told to wait gets one here.
      this.#drainOwed = false;
      process.nextTick(() => this.#response?.notifyDrain());
    }
  }

  /** Keeps bytes of requests that must wait for the response in flight. */
  #hold(chunk: Buffer): void {
    this.#pending = this.#pending === undefined ? chunk : Buffer.concat([this.#pending, chunk]);
    if (this.#pending.length > this.#limits.maxPipelineBuffer) this.#pause(PAUSED_FOR_PIPELINE);
  }

  #parse(data: Buffer): void {
    this.#parsing = true;
    const stoppedAt = this.#parser.execute(data, 0);
    this.#parsing = false;
    const error = this.#parser.error;
    if (error !== undefined) {
      this.#fail(error);
      return;
    }
    if (stoppedAt < data.length && !this.#closed) this.#hold(data.subarray(stoppedAt));
  }

  onHead(head: RequestHead): void {
    // A head that arrives while the server shuts down is still answered (with Connection: close).
    if (this.#closed) return;
    this.headStartedAt = 0;
    this.requestStartedAt = Date.now();
    const hasBody =
      head.framing.kind === 'chunked' || (head.framing.kind === 'length' && head.framing.length > 0);
    const body = hasBody ? new BodyStream(this, this.#limits.maxBodyBuffer) : undefined;
    const [request, response] = this.#host.createExchange(head, this, body);
    this.#request = request;
    this.#response = response;
    this.#body = body;
    this.#responseDone = false;
    this.#continueSent = false;
    this.#bodyWanted = false;
    this.#draining = false;
    this.#drained = 0;
    if (head.mustClose || !head.keepAlive) this.#closeAfterExchange = true;
    this.#served++;
    if (this.#limits.maxRequestsPerSocket > 0 && this.#served >= this.#limits.maxRequestsPerSocket) {
      this.#closeAfterExchange = true;
    }
    this.#host.dispatch(request, response);
  }

  onBody(chunk: Buffer): void {
    const body = this.#body;
    if (this.#draining || body === undefined || body.destroyed) {
      this.#drained += chunk.length;
      if (this.#drained > this.#limits.maxDrainSize && this.#responseDone) this.#closeNow();
      return;
    }
    if (!body.push(chunk)) this.#pause(PAUSED_FOR_BODY);
  }

  onMessageComplete(trailers: string[]): boolean {
    const request = this.#request;
    if (request === undefined) return true;
    request.complete = true;
    request.rawTrailers = trailers;
    if (this.#body !== undefined && !this.#body.destroyed) this.#body.push(null);
    if (this.#responseDone) {
      this.#endExchange();
      return this.#closed || this.#pending !== undefined || this.#paused !== 0;
    }
    // The response is still being made: hold the next request's bytes until it is done.
    return true;
  }

  resumeBody(): void {
    this.#resume(PAUSED_FOR_BODY);
  }

  bodyWanted(request: Request): void {
    if (request === this.#request) this.#bodyWanted = true;
    // RFC 9110 §10.1.1: send 100 (Continue) once the handler starts reading the body.
    if (request === this.#request && request.expectContinue && !this.#continueSent && !this.responseStarted) {
      this.#continueSent = true;
      this.#flush();
      this.socket.write(CONTINUE_HEAD, 'latin1');
    }
  }

  // ---- writing ----

  /** Groups the writes that follow into one socket write, until `uncork()`; a read's batch already does. */
  cork(): void {
    if (!this.#batching) this.socket.cork();
  }

  uncork(): void {
    if (!this.#batching) this.socket.uncork();
  }

  write(data: string | Uint8Array, encoding?: BufferEncoding, callback?: () => void): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) {
      if (callback !== undefined) process.nextTick(callback);
      return false;
    }
    // Strings marked 'ascii' are ASCII by the caller's word, so they read the same as Latin-1 or UTF-8.
    if (
      this.#batching &&
      typeof data === 'string' &&
      callback === undefined &&
      (encoding === 'ascii' || encoding === 'utf8')
    ) {
      if (encoding === 'utf8') this.#batchUtf8 = true;
      this.#batch += data;
      if (this.#batch.length > this.#limits.maxOutputBuffer) this.#flush();
      // Report the socket's real state; whoever sees false here is owed a 'drain' (see #flush).
      const ok = this.socket.writableLength + this.#batch.length < this.socket.writableHighWaterMark;
      if (!ok) this.#drainOwed = true;
      return ok;
    }
    // A write that cannot join the batch (a Buffer, a callback): cork, so it still leaves with the
    // batch in one write at the end of the read. Most reads never get here, and pay for no cork.
    if (this.#batching && !this.#corked) {
      this.#corked = true;
      this.socket.cork();
    }
    this.#flush();
    return encoding === undefined
      ? this.socket.write(data, callback)
      : this.socket.write(data, encoding, callback);
  }

  connectionHeader(
    response: Response,
    framing: ResponseFraming,
    appCloses: boolean,
  ): 'close' | 'keep-alive' | undefined {
    const request = response.req;
    if (appCloses) this.#closeAfterExchange = true;
    if (framing === 'close' || this.#host.closing) this.#closeAfterExchange = true;
    // RFC 9110 §10.1.1: a client that waits for 100 (Continue) and got a final status instead may still send the
    // body; we cannot tell its bytes from a next request, so the connection closes.
    if (request.expectContinue && !this.#continueSent && !request.complete) this.#closeAfterExchange = true;
    // A body nobody is reading that is too large to drain: the connection will close after this response.
    if (
      !request.complete &&
      !this.#bodyWanted &&
      (this.#remainingBody(request) ?? 0) > this.#limits.maxDrainSize
    ) {
      this.#closeAfterExchange = true;
    }
    if (this.#closeAfterExchange) return 'close';
    // RFC 9112 §9.3: an HTTP/1.0 client keeps the connection only when the response says so.
    return request.httpVersionMinor === 0 ? 'keep-alive' : undefined;
  }

  responseFinished(response: Response, complete: boolean): void {
    if (response !== this.#response) return;
    this.#responseDone = true;
    if (!complete) {
      // The body went out shorter than its Content-Length: the client cannot frame what follows.
      this.#closeNow();
      return;
    }
    const request = response.req;
    if (request.complete) {
      if (!this.#parsing) this.#endExchange();
      return;
    }
    // The response is done before the request body: read and discard the rest if it is small, else close.
    const framing = this.#closeAfterExchange ? undefined : this.#remainingBody(request);
    if (framing === undefined || framing > this.#limits.maxDrainSize) {
      this.#closeNow();
      return;
    }
    this.#draining = true;
    this.#body?.destroy();
    this.#resume(PAUSED_FOR_BODY);
  }

  /** Bytes of body still to come, when known; chunked bodies count as small until they prove otherwise. */
  #remainingBody(request: Request): number | undefined {
    const declared = request.headers['content-length'];
    if (declared === undefined) return 0;
    const received = this.#body === undefined ? 0 : this.#body.readableLength;
    return Number(declared) - received;
  }

  /** The exchange in flight is over: close, or go on with the next request. */
  #endExchange(): void {
    const response = this.#response;
    this.#request = undefined;
    this.#response = undefined;
    this.#body = undefined;
    this.#draining = false;
    this.requestStartedAt = 0;
    response?.notifyClose();
    if (this.#closeAfterExchange || this.#host.closing) {
      this.#closeNow();
      return;
    }
    this.idleSince = Date.now();
    // The body of this exchange no longer matters: a consumer that stopped reading it (or never
    // started) must not keep the socket paused for the requests that follow.
    const pausedForBody = (this.#paused & PAUSED_FOR_BODY) !== 0;
    this.#paused &= ~PAUSED_FOR_BODY;
    if (this.socket.writableLength + this.#batch.length > this.#limits.maxOutputBuffer) {
      // The client is not reading its responses: stop reading its requests until it does.
      this.#pause(PAUSED_FOR_OUTPUT);
      return;
    }
    if (pausedForBody && this.#paused === 0) this.socket.resume();
    if (!this.#parsing) this.#continueWithPending();
  }

  #continueWithPending(): void {
    const pending = this.#pending;
    if (pending === undefined) {
      this.#closeIfPeerDone();
      return;
    }
    this.#pending = undefined;
    this.#resume(PAUSED_FOR_PIPELINE);
    this.idleSince = 0;
    if (this.#parser.idle) this.headStartedAt = Date.now();
    this.#parseBatched(pending);
  }

  #onDrain(): void {
    this.#drainOwed = false;
    this.#response?.notifyDrain();
    if (this.#paused & PAUSED_FOR_OUTPUT) {
      this.#resume(PAUSED_FOR_OUTPUT);
      if (this.#request === undefined) this.#continueWithPending();
    }
  }

  #pause(reason: number): void {
    if (this.#paused === 0) this.socket.pause();
    this.#paused |= reason;
  }

  #resume(reason: number): void {
    if ((this.#paused & reason) === 0) return;
    this.#paused &= ~reason;
    if (this.#paused === 0 && !this.#closed) this.socket.resume();
  }

  // ---- closing ----

  /** Answers a malformed request with its status and closes (RFC 9112 §9.6 and §11). */
  #fail(error: ParseError): void {
    const response = this.#response;
    if (this.#request !== undefined && !this.#request.complete) {
      this.#body?.destroy(error);
    }
    if (response === undefined || !response.headersSent) {
      response?.takeOver();
      this.#closed = true;
      this.#flush();
      this.#endSocket(writeCannedResponse(error.status, this.#limits.sendDate), false);
    } else if (this.#responseDone) {
      this.#closeNow();
    } else {
      // Half a response is on the wire: the client can only learn of the failure by the reset.
      this.socket.destroy();
    }
  }

  /**
   * Enforces the timeouts; called for every connection at once by the server's single
   * timer, so no request pays for a timer of its own.
   */
  checkTimeouts(now: number): void {
    const limits = this.#limits;
    if (this.#closed) {
      // Closing, but the client neither reads our last bytes nor closes its side: it gets
      // keepAliveTimeout for that, then the socket goes.
      if (
        limits.keepAliveTimeout > 0 &&
        this.#closingSince > 0 &&
        now - this.#closingSince > limits.keepAliveTimeout
      ) {
        this.socket.destroy();
      }
      return;
    }
    if (this.#request === undefined) {
      if (this.headStartedAt > 0) {
        if (
          limits.headersTimeout > 0 &&
          this.headStartedAt > 0 &&
          now - this.headStartedAt > limits.headersTimeout
        ) {
          this.#answerAndClose(408);
        }
      } else if (
        limits.keepAliveTimeout > 0 &&
        this.idleSince > 0 &&
        now - this.idleSince > limits.keepAliveTimeout
      ) {
        // Idle, or holding the requests of a client that does not read its responses: there is no
        // request to answer, so the connection just closes.
        this.#closeNow(true);
      }
      return;
    }
    if (limits.requestTimeout <= 0 || now - this.requestStartedAt <= limits.requestTimeout) return;
    const request = this.#request;
    const response = this.#response;
    if (!request.complete) {
      this.#answerAndClose(408);
    } else if (response !== undefined && !response.headersSent) {
      process.emitWarning(
        `The response to ${request.method} ${request.url} was not started within requestTimeout (${limits.requestTimeout} ms); answered 500 and closed. Did a handler forget to call res.end()?`,
        'SkiffWarning',
      );
      this.#answerAndClose(500);
    }
  }

  /** Answers in the app's place with a canned response if nothing was sent yet, then closes. */
  #answerAndClose(status: number): void {
    const response = this.#response;
    if (response?.headersSent) {
      this.socket.destroy();
      return;
    }
    response?.takeOver();
    this.#body?.destroy(Object.assign(new Error('Request timed out'), { code: 'ETIMEDOUT' }));
    this.#closed = true;
    this.#flush();
    this.#endSocket(writeCannedResponse(status, this.#limits.sendDate), false);
  }

  /**
   * Closes after what has been written (the last bytes and the FIN leave together). With
   * `destroyWhenFlushed`, for connections with nothing in flight, the socket is destroyed once
   * the FIN is out instead of waiting for the client to close its side.
   */
  #closeNow(destroyWhenFlushed = false): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#flush();
    this.#endSocket(undefined, destroyWhenFlushed);
  }

  /**
   * Sends the last bytes and the FIN. The socket is read again (what arrives is discarded): a
   * socket left paused never sees the client's FIN or reset and would never close.
   */
  #endSocket(last: string | undefined, destroyWhenFlushed: boolean): void {
    const socket = this.socket;
    this.#closingSince = Date.now();
    if (last === undefined) socket.end();
    else socket.end(last, 'latin1');
    this.#paused = 0;
    socket.resume();
    // While the server shuts down, nobody waits for a client that keeps its side open.
    if (destroyWhenFlushed || this.#host.closing) this.#destroyWhenFlushed();
  }

  /** Destroys the socket once every byte written and the FIN are out. */
  #destroyWhenFlushed(): void {
    const socket = this.socket;
    if (socket.writableFinished) socket.destroy();
    else if (!this.#destroyPending) {
      this.#destroyPending = true;
      socket.once('finish', () => socket.destroy());
    }
  }

  /** The client will send nothing more: close once everything it sent is answered. */
  #closeIfPeerDone(): void {
    if (this.#peerEnded && this.#request === undefined && this.#pending === undefined && !this.#parsing) {
      this.#closeNow();
    }
  }

  /**
   * The client sent its FIN (a half-close, as `socket.end(request)` does). RFC 9112 §9.6: it may
   * still read, so the requests it sent are answered before the server closes its side too.
   */
  #onEnd(): void {
    this.#peerEnded = true;
    if (this.#closed) return;
    const request = this.#request;
    if (request !== undefined && !request.complete) {
      // The rest of the body can never arrive.
      request.aborted = true;
      this.#body?.destroy(
        Object.assign(new Error('The client closed the connection mid-request'), { code: 'ECONNRESET' }),
      );
      if (this.#responseDone) this.#closeNow();
      else this.#closeAfterExchange = true;
      return;
    }
    this.#closeIfPeerDone();
  }

  /** Ends the connection if it is idle, else marks it to close after the exchange in flight. */
  closeWhenIdle(): void {
    // Already closing: stop waiting for the client to close its side. Idle: nothing is in flight, so
    // there is nothing to linger for once the FIN is out.
    if (this.#closed) this.#destroyWhenFlushed();
    else if (this.idle) this.#closeNow(true);
    else this.#closeAfterExchange = true;
  }

  /** Ends the connection now, whatever it is doing. */
  destroy(): void {
    this.socket.destroy();
  }

  #onClose(): void {
    this.#closed = true;
    const request = this.#request;
    if (request !== undefined && !request.complete) {
      request.aborted = true;
      this.#body?.destroy(
        Object.assign(new Error('The client closed the connection mid-request'), { code: 'ECONNRESET' }),
      );
    }
    this.#response?.notifyClose();
    // Nothing more happens on this connection: what the app does next with the response is ignored.
    this.#request = undefined;
    this.#response = undefined;
    this.#body = undefined;
    this.#pending = undefined;
    this.#host.connectionClosed(this);
  }
}
