import { AsyncResource } from 'node:async_hooks';
import type { Socket } from 'node:net';
import { BodyStream } from './body-stream.js';
import { ClientError, type ClientErrorCode } from './client-error.js';
import { expiredClock, type Phase } from './connection/clocks.js';
import { PAUSED_FOR_BODY, PAUSED_FOR_OUTPUT, Reader } from './connection/reader.js';
import { Writer } from './connection/writer.js';
import type { Limits } from './limits.js';
import { listIncludes } from './parser/list.js';
import { RequestParser } from './parser/request-parser.js';
import type { ParserHandlers, RequestHead } from './parser/types.js';
import type { Request, RequestConnection } from './request.js';
import type { Response, ResponseConnection } from './response.js';
import { CONTINUE_HEAD, writeCannedResponse } from './write-head.js';

/** Where a request goes that leaves HTTP behind: a tunnel (CONNECT) or another protocol (Upgrade). */
export type HandOff = 'connect' | 'upgrade';

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
  /** True when something listens for this kind of hand-off. */
  takesHandOff(kind: HandOff): boolean;
  /** Gives the socket away, with the bytes that followed the head. */
  handOff(kind: HandOff, request: Request, socket: Socket, rest: Buffer): void;
  /** A client fault (malformed input, timeout, a client gone mid-request): reported, never printed. */
  clientError(error: Error, socket: Socket): void;
  connectionClosed(connection: Connection): void;
}

/**
 * One client socket, as a state machine over the phases in `connection/clocks.ts`: idle →
 * head → body → responding → flushing → idle again, or closing → lingering → closed.
 * Requests are answered one at a time, in order; while a response is pending, the bytes
 * of the next requests wait unparsed in the reader. Writing (batched per read) is the
 * writer's; this class decides only what happens next, and stamps each phase's clock.
 */
export class Connection implements ParserHandlers, RequestConnection, ResponseConnection {
  readonly socket: Socket;
  readonly #host: ConnectionHost;
  readonly #limits: Limits;
  readonly #parser: RequestParser;
  readonly #reader: Reader;
  readonly #writer: Writer;
  /** The connection's own async context: later requests start from it, not from the request before. */
  readonly #scope = new AsyncResource('SkiffConnection');

  #phase: Phase = 'idle';
  #phaseSince: number;
  #messageSince = 0;

  // The exchange in flight.
  #request: Request | undefined;
  #response: Response | undefined;
  #body: BodyStream | undefined;
  /** Body bytes of this read not yet given to the body stream: one push per read, however small the chunks. */
  #bodyParts: Buffer[] = [];
  #bodyRemaining = 0;
  #responseDone = false;
  #continueSent = false;
  #draining = false;
  #handOff: HandOff | undefined;

  #parsing = false;
  #served = 0;
  #closeAfterExchange = false;
  /** The client sent its FIN: it sends nothing more, but may still read what it asked for. */
  #peerEnded = false;
  #destroyOnFinish = false;
  #continueScheduled = false;
  /** Flush watches not yet called back. */
  #flushWaits = 0;

  readonly #onData = (chunk: Buffer) => this.#read(chunk);
  readonly #onDrain = () => this.#drained();
  readonly #onEnd = () => this.#peerFinished();
  readonly #onClose = () => this.#socketClosed();
  readonly #onFinish = () => this.#finSent();
  readonly #onFlushed = () => this.#flushed();
  /** The TLS handshake is done: the connection waits for its first request, on the keep-alive clock. */
  readonly #onSecure = () => {
    if (this.#phase === 'handshake') this.#enter('idle');
  };

  /** `handshaking`: a TLS socket whose handshake has not finished; the connection starts in that phase. */
  constructor(socket: Socket, host: ConnectionHost, handshaking = false) {
    this.socket = socket;
    this.#host = host;
    this.#limits = host.limits;
    this.#parser = new RequestParser(this, host.limits);
    this.#reader = new Reader(socket, host.limits.maxPipelineBuffer);
    this.#writer = new Writer(socket, host.limits.maxOutputBuffer, () => this.#response?.notifyDrain());
    this.#phaseSince = Date.now();
    socket.on('data', this.#onData);
    socket.on('drain', this.#onDrain);
    // ECONNRESET, EPIPE and the like: the 'close' that follows cleans up.
    socket.on('error', ignore);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onClose);
    socket.on('finish', this.#onFinish);
    if (handshaking) {
      this.#phase = 'handshake';
      socket.once('secure', this.#onSecure);
    }
  }

  /** Default limit of `readBody()` for requests on this connection. */
  get maxBodySize(): number {
    return this.#limits.maxBodySize;
  }

  /** Whether responses on this connection carry a Date header. */
  get sendDate(): boolean {
    return this.#limits.sendDate;
  }

  /** True when nothing is in flight: no request, no byte of a next one, no response leaving. */
  get idle(): boolean {
    return this.#phase === 'idle' && !this.#reader.holding;
  }

  /** True once the server ends the connection: nothing more is parsed, dispatched or answered. */
  get #ending(): boolean {
    const phase = this.#phase;
    return phase === 'closing' || phase === 'lingering' || phase === 'closed';
  }

  /** The one place a phase changes, and its clock starts (phases without a clock of their own skip the stamp). */
  #enter(phase: Phase): void {
    this.#phase = phase;
    if (phase === 'flushing' || phase === 'closing' || phase === 'body') return;
    if (phase === 'responding' && this.#limits.handlerTimeout === 0) return;
    this.#phaseSince = Date.now();
  }

  // ---- reading ----

  #read(chunk: Buffer): void {
    // Closing: what the client still sends is read only to see its FIN, and discarded.
    if (this.#ending) return;
    // The request in flight is whole: the next requests' bytes wait until its response is done.
    if (this.#reader.holding || this.#request?.complete === true) {
      this.#reader.hold(chunk, false);
      return;
    }
    this.#parseRead(chunk, false);
  }

  /**
   * Parses one read, with every response finished meanwhile gathered into one write.
   * `owned`: the bytes are the reader's own copy, so what is left of them is held without another.
   */
  #parseRead(data: Buffer, owned: boolean): void {
    this.#writer.beginBatch();
    try {
      this.#parse(data, owned);
    } finally {
      // Even when a listener threw mid-parse, what was written goes out and the connection goes on.
      this.#parsing = false;
      this.#writer.endBatch();
    }
    // Responses finished in this read are out of the batch now: see if they left at once.
    if (this.#phase === 'flushing') this.#watchFlush();
    this.#checkPeerGone();
  }

  #parse(data: Buffer, owned: boolean): void {
    this.#parsing = true;
    const stoppedAt = this.#parser.execute(data, 0);
    this.#parsing = false;
    this.#pushBody();
    const error = this.#parser.error;
    if (error !== undefined) {
      this.#fail(error, error.status);
      return;
    }
    const handOff = this.#handOff;
    if (handOff !== undefined) {
      this.#handOff = undefined;
      this.#giveAway(handOff, data.subarray(stoppedAt));
      return;
    }
    if (stoppedAt < data.length && !this.#ending) this.#reader.hold(data.subarray(stoppedAt), owned);
  }

  onMessageBegin(): void {
    this.#enter('head');
    this.#messageSince = this.#phaseSince;
  }

  onHead(head: RequestHead): boolean | undefined {
    // A socket the app destroyed, or a connection being closed, dispatches nothing more.
    if (this.#ending || this.socket.destroyed) return true;
    if (head.method === 'CONNECT') {
      if (this.#host.takesHandOff('connect')) return this.#prepareHandOff('connect', head);
      // RFC 9110 §9.3.6: this server is not a proxy; a tunnel nobody takes is refused, never served.
      this.#fail(new ClientError('CONNECT_NOT_SUPPORTED', 'CONNECT is not served here'), 501);
      return true;
    }
    if (isUpgrade(head) && this.#host.takesHandOff('upgrade')) return this.#prepareHandOff('upgrade', head);

    const framing = head.framing;
    const hasBody = framing.kind === 'chunked' || (framing.kind === 'length' && framing.length > 0);
    const body = hasBody ? new BodyStream(this, this.#limits.maxBodyBuffer) : undefined;
    const [request, response] = this.#host.createExchange(head, this, body);
    this.#request = request;
    this.#response = response;
    this.#body = body;
    // A chunked body's size is unknown until its last chunk: -1.
    this.#bodyRemaining = framing.kind === 'length' ? framing.length : framing.kind === 'chunked' ? -1 : 0;
    this.#responseDone = false;
    this.#continueSent = false;
    this.#draining = false;
    if (head.mustClose || !head.keepAlive) this.#closeAfterExchange = true;
    this.#served++;
    const maxRequests = this.#limits.maxRequestsPerSocket;
    if (maxRequests > 0 && this.#served >= maxRequests) this.#closeAfterExchange = true;
    this.#enter(hasBody ? 'body' : 'responding');
    // Each request runs in an async context of its own, made from the connection's, never from
    // the request before it: what one handler puts in an AsyncLocalStorage stays with it.
    new AsyncResource('SkiffRequest').runInAsyncScope(this.#host.dispatch, this.#host, request, response);
    return undefined;
  }

  onBody(chunk: Buffer): void {
    if (this.#bodyRemaining > 0) this.#bodyRemaining -= chunk.length;
    if (this.#body === undefined || this.#body.destroyed) return;
    this.#bodyParts.push(chunk);
  }

  /** Gives the body bytes of this read to the body stream as one Buffer; stops reading when it is full. */
  #pushBody(): void {
    const parts = this.#bodyParts;
    if (parts.length === 0) return;
    this.#bodyParts = [];
    const body = this.#body;
    if (body === undefined || body.destroyed) return;
    // One copy for many small views: a body of tiny chunks holds its bytes, not thousands of views.
    const chunk = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    if (body.push(chunk)) return;
    // Full. After the response nobody waits on this body: the rest is discarded, not held.
    if (this.#draining) body.destroy();
    else this.#reader.pause(PAUSED_FOR_BODY);
  }

  onMessageComplete(trailers: string[]): boolean {
    const request = this.#request;
    if (request === undefined) return true;
    request.complete = true;
    request.rawTrailers = trailers;
    this.#bodyRemaining = 0;
    this.#pushBody();
    if (this.#body !== undefined && !this.#body.destroyed) this.#body.push(null);
    if (this.#responseDone) {
      this.#endExchange();
      return this.#ending || this.#reader.holding || this.#reader.paused || this.socket.destroyed;
    }
    if (this.#phase === 'body') this.#enter('responding');
    // The response is still being made: the next request's bytes wait until it is done.
    return true;
  }

  resumeBody(): void {
    this.#reader.resume(PAUSED_FOR_BODY);
  }

  bodyWanted(request: Request): void {
    // RFC 9110 §10.1.1: send 100 (Continue) once the handler starts reading the body.
    if (request === this.#request && request.expectContinue && !this.#continueSent && !this.responseStarted) {
      this.#continueSent = true;
      this.#writer.write(CONTINUE_HEAD, 'ascii');
    }
  }

  /** True once the head of the response in flight has gone out (not merely fixed by writeHead()). */
  get responseStarted(): boolean {
    return this.#response?.headWritten ?? false;
  }

  // ---- the response ----

  cork(): void {
    this.#writer.cork();
  }

  uncork(): void {
    this.#writer.uncork();
  }

  write(data: string | Uint8Array, encoding?: BufferEncoding, callback?: () => void): boolean {
    return this.#writer.write(data, encoding, callback);
  }

  closesAfter(response: Response): boolean {
    const request = response.req;
    if (this.#closeAfterExchange || this.#host.closing) return true;
    // The client sent its FIN: after the last request it sent, the server closes too.
    if (this.#peerEnded && !this.#reader.holding) return true;
    // RFC 9110 §10.1.1: a client that waits for 100 (Continue) and gets a final status instead may
    // still send the body; its bytes cannot be told from a next request, so the connection closes.
    if (request.expectContinue && !this.#continueSent && !request.complete) return true;
    // RFC 9112 §9.3: the rest of a body still arriving is read and discarded only when it is known
    // to be small; otherwise the connection closes after this response, and the response says so.
    return !request.complete && (this.#bodyRemaining < 0 || this.#bodyRemaining > this.#limits.maxDrainSize);
  }

  headDecided(response: Response, closes: boolean): void {
    if (closes && response === this.#response) this.#closeAfterExchange = true;
  }

  responseFinished(response: Response, complete: boolean): void {
    if (response !== this.#response) return;
    this.#responseDone = true;
    if (!complete) {
      // The body went out shorter than its Content-Length: the client cannot frame what follows.
      this.#close();
      return;
    }
    if (response.req.complete) {
      if (!this.#parsing) this.#endExchange();
      return;
    }
    // The response is done before the request. Its head said whether the connection stays: if not,
    // close now; if so, the rest (known to be small) is read, for a handler that still reads it, or
    // discarded once nobody does (the socket is no longer paused for it).
    if (this.#closeAfterExchange) {
      this.#close();
      return;
    }
    this.#draining = true;
    const body = this.#body;
    if (body !== undefined && body.readableLength >= body.readableHighWaterMark) body.destroy();
    this.#reader.resume(PAUSED_FOR_BODY);
  }

  abort(response: Response): void {
    if (response !== this.#response || this.#responseDone) return;
    // What the response wrote so far still reaches the client; the reset then tells it the rest never will.
    this.#writer.flush();
    this.socket.destroy();
  }

  /** The exchange in flight is over: close, or wait for the response to leave and go on with the next request. */
  #endExchange(): void {
    const request = this.#request;
    const response = this.#response;
    this.#request = undefined;
    this.#response = undefined;
    this.#body = undefined;
    this.#draining = false;
    request?.notifyClose();
    response?.notifyClose();
    if (this.#ending) return;
    if (this.#closeAfterExchange || this.#host.closing) {
      this.#close();
      return;
    }
    this.#enter('flushing');
    // The body of this exchange no longer matters: a consumer that stopped reading it (or never
    // started) must not keep the socket paused for the requests that follow.
    this.#reader.resume(PAUSED_FOR_BODY);
    if (this.#writer.pendingBytes > this.#limits.maxOutputBuffer) {
      // The client is not reading its responses: stop reading its requests until it does.
      this.#reader.pause(PAUSED_FOR_OUTPUT);
      this.#watchFlush();
      return;
    }
    // Within a read, the batch is written at its end, and the flush is seen there.
    if (!this.#writer.batching) this.#watchFlush();
    if (this.#parsing) return;
    if (this.#reader.holding) this.#scheduleContinue();
    else this.#checkPeerGone();
  }

  /** The keep-alive clock starts only once the response has left: a slow reader is not idle. */
  #watchFlush(): void {
    if (this.#writer.pendingBytes === 0) {
      this.#flushed();
      return;
    }
    this.#flushWaits++;
    this.#writer.whenFlushed(this.#onFlushed);
  }

  /** Everything written before the last watch has left; earlier watches (earlier responses) do not count. */
  #flushed(): void {
    if (this.#flushWaits > 0 && --this.#flushWaits > 0) return;
    if (this.#phase === 'flushing') this.#enter('idle');
    // No 'drain' comes for writes that stayed below the socket's high-water mark: the pause ends here too.
    if (this.#reader.pausedFor(PAUSED_FOR_OUTPUT)) {
      this.#reader.resume(PAUSED_FOR_OUTPUT);
      if (this.#request === undefined) this.#scheduleContinue();
    }
  }

  /**
   * Goes on with the held requests on a later turn, in the connection's own context: never
   * inside the previous request's `res.end()`, and never in its async context.
   */
  #scheduleContinue(): void {
    if (this.#continueScheduled) return;
    this.#continueScheduled = true;
    setImmediate(() => {
      this.#continueScheduled = false;
      this.#scope.runInAsyncScope(this.#continueWithHeld, this);
    });
  }

  #continueWithHeld(): void {
    if (this.#request !== undefined || this.#reader.pausedFor(PAUSED_FOR_OUTPUT)) return;
    if (this.#ending) return;
    const held = this.#reader.takeHeld();
    if (held === undefined) this.#checkPeerGone();
    else this.#parseRead(held, true);
  }

  #drained(): void {
    this.#writer.drained();
    this.#response?.notifyDrain();
    // A 'drain' listener may have written a next response: resume only below the bound.
    if (
      this.#reader.pausedFor(PAUSED_FOR_OUTPUT) &&
      this.#writer.pendingBytes <= this.#limits.maxOutputBuffer
    ) {
      this.#reader.resume(PAUSED_FOR_OUTPUT);
      if (this.#request === undefined) this.#scheduleContinue();
    }
  }

  // ---- faults, timeouts and closing ----

  /** Answers a client fault with its status when nothing was sent yet (else cuts the response), and closes. */
  #fail(error: Error, status: number | undefined): void {
    this.#host.clientError(error, this.socket);
    const request = this.#request;
    if (request !== undefined && !request.complete) {
      request.notifyAborted();
      // A body cut off by the client fails as node:http's does, with ECONNRESET.
      this.#body?.destroy(
        error instanceof ClientError && error.code === 'INCOMPLETE_REQUEST' ? connectionReset() : error,
      );
    }
    const response = this.#response;
    if (response?.headWritten) {
      // Half a response is on the wire: the client can only learn of the failure by the reset.
      if (this.#responseDone) this.#close();
      else this.socket.destroy();
      return;
    }
    response?.takeOver();
    this.#close(status === undefined ? undefined : writeCannedResponse(status, this.#limits.sendDate));
  }

  /**
   * Enforces the timeouts; called for every connection at once by the server's single
   * timer, so no request pays for a timer of its own.
   */
  checkTimeouts(now: number): void {
    const limits = this.#limits;
    if (this.#phase === 'closed') return;
    if (limits.sendTimeout > 0 && this.#writer.stalledFor(now) > limits.sendTimeout) {
      this.#host.clientError(
        new ClientError('SEND_TIMEOUT', `The client read nothing for ${limits.sendTimeout} ms`),
        this.socket,
      );
      this.socket.destroy();
      return;
    }
    const expired = expiredClock(
      this.#phase,
      { phaseSince: this.#phaseSince, messageSince: this.#messageSince },
      limits,
      now,
    );
    switch (expired) {
      case undefined:
        return;
      case 'handshake':
        this.#host.clientError(
          new ClientError(
            'HANDSHAKE_TIMEOUT',
            `The TLS handshake did not finish within ${limits.handshakeTimeout} ms`,
          ),
          this.socket,
        );
        this.socket.destroy();
        return;
      case 'keepAlive':
        // Nothing is in flight, so there is nothing to linger for once the FIN is out.
        this.#close(undefined, true);
        return;
      case 'headers':
        this.#timedOut('HEADERS_TIMEOUT', limits.headersTimeout);
        return;
      case 'request':
        this.#timedOut('REQUEST_TIMEOUT', limits.requestTimeout);
        return;
      case 'handler':
        if (this.responseStarted || this.#response === undefined) return;
        process.emitWarning(
          `The response to ${this.#response.req.method} ${this.#response.req.url} was not started within handlerTimeout (${limits.handlerTimeout} ms); answered 500 and closed. Did a handler forget to call res.end()?`,
          'SkiffWarning',
        );
        this.#response.takeOver();
        this.#close(writeCannedResponse(500, limits.sendDate));
        return;
      case 'lingering':
        this.socket.destroy();
        return;
    }
  }

  #timedOut(code: ClientErrorCode, limit: number): void {
    const what = code === 'HEADERS_TIMEOUT' ? 'head' : 'request';
    this.#fail(
      new ClientError(code, `The ${what} did not arrive whole within ${limit} ms of its first byte`),
      408,
    );
  }

  /**
   * Ends the connection: the last bytes (if any) and the FIN leave after everything written
   * before. The socket is read on (and what arrives discarded): a socket left paused would never
   * see the client's FIN or reset. With `destroyOnFinish`, the socket goes as soon as the FIN is out.
   */
  #close(last?: string, destroyOnFinish = false): void {
    if (this.#ending) return;
    this.#enter('closing');
    // The server chose to close after a finished response: what is left of the request is not a
    // client fault, and the response's 'close' need not wait for the socket.
    if (this.#responseDone) this.#dropExchange();
    this.#reader.dropHeld();
    this.#writer.flush();
    if (last === undefined) this.socket.end();
    else this.socket.end(last, 'latin1');
    this.#reader.resumeAll();
    // While the server shuts down, nobody waits for a client that keeps its side open.
    this.#destroyOnFinish = destroyOnFinish || this.#host.closing;
    if (this.socket.writableFinished) this.#finSent();
  }

  /** Forgets the exchange in flight without blaming the client; its body stream just ends early. */
  #dropExchange(): void {
    const request = this.#request;
    const response = this.#response;
    this.#body?.destroy();
    this.#request = undefined;
    this.#response = undefined;
    this.#body = undefined;
    this.#bodyParts = [];
    request?.notifyClose();
    response?.notifyClose();
  }

  /** The FIN is on the wire: lingering starts now, bounded by its own clock. */
  #finSent(): void {
    if (this.#phase !== 'closing') return;
    if (this.#destroyOnFinish) this.socket.destroy();
    else this.#enter('lingering');
  }

  /**
   * A client that sent its FIN sends nothing more. RFC 9112 §9.6: it may still read, so what it
   * sent whole is answered first; a request it left incomplete can never complete, and is
   * answered 400 (or cut) and closed at once, not after a timeout.
   */
  #checkPeerGone(): void {
    if (!this.#peerEnded || this.#parsing || this.#reader.holding || this.#ending) return;
    const phase = this.#phase;
    const request = this.#request;
    if (request !== undefined) {
      if (!request.complete) {
        this.#fail(
          new ClientError('INCOMPLETE_REQUEST', 'The client closed its side in the middle of a request body'),
          400,
        );
      }
      // Else a whole request is being answered: the check runs again once it is.
      return;
    }
    if (phase === 'head') {
      this.#fail(
        new ClientError('INCOMPLETE_REQUEST', 'The client closed its side in the middle of a head'),
        400,
      );
      return;
    }
    this.#close();
  }

  #peerFinished(): void {
    // Before the handshake there is nothing to answer or flush.
    if (this.#phase === 'handshake') {
      this.socket.destroy();
      return;
    }
    this.#peerEnded = true;
    this.#checkPeerGone();
  }

  /** Ends the connection if it is idle or has not got a whole head yet, else after the exchange in flight. */
  closeWhenIdle(): void {
    const phase = this.#phase;
    // Already closing: stop waiting for the client to close its side.
    if (phase === 'lingering' || phase === 'handshake') this.socket.destroy();
    else if (phase === 'closing') this.#destroyOnFinish = true;
    // A connection accepted just before close() has had no chance to send its request, which
    // may be on its way (a worker told to stop mid-load): it gets that one, answered with
    // Connection: close. Its keep-alive clock, and close()'s deadline, still bound the wait.
    else if (phase === 'idle' && this.#served === 0) this.#closeAfterExchange = true;
    else if (phase === 'idle' || phase === 'flushing' || phase === 'head') this.#close(undefined, true);
    else this.#closeAfterExchange = true;
  }

  /** Ends the connection now, whatever it is doing. */
  destroy(): void {
    this.socket.destroy();
  }

  // ---- hand-off ----

  #prepareHandOff(kind: HandOff, head: RequestHead): true {
    const [request] = this.#host.createExchange(head, this, undefined);
    this.#request = request;
    this.#handOff = kind;
    return true;
  }

  /** The socket leaves HTTP (CONNECT, Upgrade): what was written goes out, then it belongs to the listener. */
  #giveAway(kind: HandOff, rest: Buffer): void {
    const request = this.#request as Request;
    this.#request = undefined;
    this.#writer.endBatch();
    this.#detach();
    this.#host.handOff(kind, request, this.socket, Buffer.from(rest));
  }

  #detach(): void {
    const socket = this.socket;
    socket.off('data', this.#onData);
    socket.off('drain', this.#onDrain);
    socket.off('end', this.#onEnd);
    socket.off('close', this.#onClose);
    socket.off('finish', this.#onFinish);
    // As node:http does: socket errors are the new owner's to handle.
    socket.off('error', ignore);
    // As node:http does: neither paused nor flowing, so the new owner's 'data' listener starts the flow.
    (socket as { readableFlowing: boolean | null }).readableFlowing = null;
    this.#phase = 'closed';
    this.#reader.dropHeld();
    this.#host.connectionClosed(this);
  }

  #socketClosed(): void {
    this.#phase = 'closed';
    const request = this.#request;
    if (request !== undefined && !request.complete && !request.aborted) {
      request.notifyAborted();
      this.#host.clientError(
        new ClientError('INCOMPLETE_REQUEST', 'The connection closed in the middle of a request'),
        this.socket,
      );
      this.#body?.destroy(connectionReset());
    }
    request?.notifyClose();
    this.#response?.notifyClose();
    // Nothing more happens on this connection: what the app does next with the response is ignored.
    this.#request = undefined;
    this.#response = undefined;
    this.#body = undefined;
    this.#reader.dropHeld();
    this.#host.connectionClosed(this);
  }
}

function ignore(): void {}

function connectionReset(): Error {
  return Object.assign(new Error('The client closed the connection mid-request'), { code: 'ECONNRESET' });
}

/** RFC 9110 §7.8: a request that asks to switch protocols names it in Upgrade and lists `upgrade` in Connection. */
function isUpgrade(head: RequestHead): boolean {
  const connection = head.headers.connection;
  return (
    head.headers.upgrade !== undefined && connection !== undefined && listIncludes(connection, 'upgrade')
  );
}
