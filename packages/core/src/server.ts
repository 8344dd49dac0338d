import { Server as NetServer, type Socket } from 'node:net';
import type { BodyStream } from './body-stream.js';
import { Connection, type ConnectionHost, type HandOff } from './connection.js';
import { HttpError } from './http-error.js';
import {
  type InjectOptions,
  type InjectRequest,
  type InjectResponse,
  type InjectTarget,
  inject,
  injectAll,
  type RawRequest,
} from './inject.js';
import { type Limits, resolveLimits } from './limits.js';
import type { RequestHead } from './parser/types.js';
import { Request } from './request.js';
import { Response } from './response.js';
import { statusText } from './status-codes.js';
import { classPrototypeOf, SecureLayer, securePrototypeOf, type TlsOptions } from './tls.js';

/** A request handler; it may return a promise, whose rejection is answered like a throw. Other return values are ignored. */
export type Handler<Req extends Request = Request, Res extends Response = Response> = (
  request: Req,
  response: Res,
) => unknown;

/** Options of a Skiff server: every limit (see `defaultLimits`), and the classes to make requests and responses with. */
export interface ServerOptions<Req extends Request = Request, Res extends Response = Response>
  extends Partial<Limits> {
  /** A subclass of Request to make requests with. */
  RequestClass?: new (
    ...args: ConstructorParameters<typeof Request>
  ) => Req;
  /** A subclass of Response to make responses with. */
  ResponseClass?: new (
    ...args: ConstructorParameters<typeof Response>
  ) => Res;
  /** Serve HTTPS: the key and certificate (node:tls secure context options). The handshake is bounded by `handshakeTimeout`. */
  tls?: TlsOptions;
}

/**
 * An HTTP/1.1 server on node:net. `listen`, `address` and `close` are net.Server's;
 * `close()` also ends idle keep-alive connections and those without a whole head at once,
 * lets requests in flight finish (their responses carry `Connection: close`), and destroys
 * the rest after `closeTimeout`. Events besides net.Server's:
 * - `handlerError` (error, request): a handler threw or rejected; without a listener the
 *   error is printed.
 * - `clientError` (error, socket): a client fault (malformed input, a timeout, a client gone
 *   mid-request), already answered; for logging only, never printed.
 * - `upgrade` (request, socket, head) and `connect` (request, socket, head), as in node:http:
 *   with a listener, the socket is handed over; without one, an Upgrade request is served
 *   as usual and CONNECT is answered 501.
 * - `tlsClientError` (error, socket), with `tls`: a handshake failed, as in node:tls.
 *
 * With the `tls` option the server is also a `tls.Server` (`instanceof tls.Server`), so that
 * clients such as supertest pick https for it; it stays an instance of its own class.
 */
export class Server<Req extends Request = Request, Res extends Response = Response>
  extends NetServer
  implements ConnectionHost
{
  /** The limits in force. */
  readonly limits: Limits;
  #handler: Handler<Req, Res>;
  readonly #RequestClass: new (
    ...args: ConstructorParameters<typeof Request>
  ) => Req;
  readonly #ResponseClass: new (
    ...args: ConstructorParameters<typeof Response>
  ) => Res;
  readonly #connections = new Set<Connection>();
  #timer: NodeJS.Timeout | undefined;
  #closing = false;
  #closeDeadline: NodeJS.Timeout | undefined;
  readonly #secure: SecureLayer | undefined;

  constructor(handler: Handler<Req, Res>, options: ServerOptions<Req, Res> = {}) {
    // Half-open: a client that sends its FIN right after its request (`socket.end(request)`) still
    // gets its response; the connection ends its side itself once everything is answered.
    super({ noDelay: true, allowHalfOpen: true });
    const { RequestClass, ResponseClass, tls, ...limits } = options;
    this.limits = resolveLimits(limits);
    if (tls !== undefined) {
      this.#secure = new SecureLayer(tls);
      // Once per server, never per request: the class's own members over tls.Server's prototype.
      Object.setPrototypeOf(this, securePrototypeOf(new.target.prototype, NetServer.prototype));
    }
    this.#handler = handler;
    this.#RequestClass =
      RequestClass ?? (Request as unknown as new (...args: ConstructorParameters<typeof Request>) => Req);
    this.#ResponseClass =
      ResponseClass ?? (Response as unknown as new (...args: ConstructorParameters<typeof Response>) => Res);
    this.on('connection', (socket: Socket) => this.#accept(socket));
    this.on('listening', () => {
      this.#closing = false;
      this.#startTimer();
    });
  }

  /**
   * True for a TLS server's copied prototype too (see `tls`): `app instanceof App` holds for
   * an HTTPS app, as `app instanceof tls.Server` does.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const prototype = classPrototypeOf(value);
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asks about (App, a subclass), not Server.
    const wanted: object = this.prototype;
    return (
      prototype === wanted || (prototype !== null && Object.prototype.isPrototypeOf.call(wanted, prototype))
    );
  }

  /** True when the server serves HTTPS (the `tls` option). */
  get secure(): boolean {
    return this.#secure !== undefined;
  }

  /** True from `close()` until the server listens again. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Replaces the handler (for frameworks that build the server before their handler). */
  protected setHandler(handler: Handler<Req, Res>): void {
    this.#handler = handler;
  }

  /**
   * Runs one request through the server in memory, as a socket would bring it (same parser,
   * limits, timeouts and response writer), without listening. `request` is an object, or raw
   * HTTP bytes holding one request (several: `injectAll`). Resolves to the response; rejects
   * only when no whole response came within `options.timeout`.
   */
  inject(request: InjectRequest | RawRequest, options?: InjectOptions): Promise<InjectResponse> {
    return inject(this.#injectTarget, request, options);
  }

  /** Runs several pipelined requests (raw bytes, or objects) on one in-memory connection; resolves to every response, in order. */
  injectAll(
    requests: RawRequest | readonly InjectRequest[],
    options?: InjectOptions,
  ): Promise<InjectResponse[]> {
    return injectAll(this.#injectTarget, requests, options);
  }

  readonly #injectTarget: InjectTarget = {
    limits: (): Limits => this.limits,
    secure: (): boolean => this.#secure !== undefined,
    accept: (socket: Socket): void => {
      // A server that was closed and has nothing left open is not shutting anything down: an
      // injected connection is served as on a fresh server, not told to close.
      if (this.#closing && !this.listening && this.#connections.size === 0) this.#closing = false;
      this.#adopt(socket, false);
    },
  };

  /** Stops accepting; ends idle connections now and the others after their response. */
  override close(callback?: (error?: Error) => void): this {
    this.#closing = true;
    super.close(callback);
    for (const connection of this.#connections) connection.closeWhenIdle();
    const deadline = this.limits.closeTimeout;
    if (deadline > 0 && this.#connections.size > 0 && this.#closeDeadline === undefined) {
      this.#closeDeadline = setTimeout(() => this.closeAllConnections(), deadline);
      this.#closeDeadline.unref();
    }
    return this;
  }

  /** Ends every connection that has no request in flight. */
  closeIdleConnections(): void {
    for (const connection of this.#connections) if (connection.idle) connection.closeWhenIdle();
  }

  /** Destroys every connection, busy or not. */
  closeAllConnections(): void {
    for (const connection of this.#connections) connection.destroy();
  }

  /** @internal */
  createExchange(head: RequestHead, connection: Connection, body: BodyStream | undefined): [Req, Res] {
    const request = new this.#RequestClass(head, connection.socket, connection, body);
    const response = new this.#ResponseClass(request, connection);
    return [request, response];
  }

  /** @internal Calls the handler; a throw or a rejection becomes a 500 (or the HttpError's status). */
  dispatch(request: Req, response: Res): void {
    try {
      const result = this.#handler(request, response);
      if (result instanceof Promise) {
        result.then(undefined, (error: unknown) => this.#handlerFailed(error, request, response));
      }
    } catch (error) {
      this.#handlerFailed(error, request, response);
    }
  }

  /** @internal */
  takesHandOff(kind: HandOff): boolean {
    return this.listenerCount(kind) > 0;
  }

  /** @internal */
  handOff(kind: HandOff, request: Req, socket: Socket, rest: Buffer): void {
    this.emit(kind, request, socket, rest);
  }

  /** @internal */
  clientError(error: Error, socket: Socket): void {
    if (this.listenerCount('clientError') > 0) this.emit('clientError', error, socket);
  }

  /** @internal */
  connectionClosed(connection: Connection): void {
    this.#connections.delete(connection);
    if (this.#connections.size === 0 && this.#closeDeadline !== undefined) {
      clearTimeout(this.#closeDeadline);
      this.#closeDeadline = undefined;
    }
  }

  #accept(socket: Socket): void {
    const secure = this.#secure;
    if (secure === undefined) {
      this.#adopt(socket, false);
      return;
    }
    const wrapped = secure.wrap(socket);
    let established = false;
    wrapped.once('secure', () => {
      established = true;
    });
    // Errors after the handshake are the connection's (a reset, a broken pipe): only a failed handshake is reported here.
    wrapped.once('error', (error: Error) => {
      if (!established && this.listenerCount('tlsClientError') > 0)
        this.emit('tlsClientError', error, wrapped);
    });
    this.#adopt(wrapped, true);
  }

  #adopt(socket: Socket, handshaking: boolean): void {
    const connection = new Connection(socket, this, handshaking);
    this.#connections.add(connection);
    // Sockets given by `emit('connection', socket)` (TLS, PROXY protocol) get the same clocks, listening or not.
    this.#startTimer();
    if (this.#closing) connection.closeWhenIdle();
  }

  #handlerFailed(error: unknown, request: Req, response: Res): void {
    if (this.listenerCount('handlerError') > 0) this.emit('handlerError', error, request);
    // A client that left mid-request is not a server fault: nothing to print.
    else if (!clientLeft(request, response) && !(error instanceof HttpError && error.status < 500))
      console.error(error);
    // writeHead() alone put nothing on the wire: the error can still be answered.
    if (response.headersSent && !response.discardHead()) {
      // Part of the response is on the wire: the client can only learn of the failure by the reset.
      if (!response.writableEnded) response.destroy();
      return;
    }
    const status = error instanceof HttpError ? error.status : 500;
    const message = error instanceof HttpError && error.expose ? error.message : undefined;
    try {
      for (const name of response.getHeaderNames()) response.removeHeader(name);
      if (error instanceof HttpError)
        for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
      response.statusCode = status;
      response.statusMessage = undefined;
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.end(message ?? statusText(status) ?? String(status));
    } catch {
      request.socket.destroy();
    }
  }

  #startTimer(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      const now = Date.now();
      for (const connection of this.#connections) connection.checkTimeouts(now);
      if (!this.listening && this.#connections.size === 0) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    }, this.limits.connectionsCheckingInterval);
    this.#timer.unref();
  }
}

/**
 * True when the client went away before its exchange was over (mid-body, or mid-download):
 * the error that follows is not a server fault and is not printed.
 */
export function clientLeft(request: Request, response: Response): boolean {
  return request.aborted || (request.socket.destroyed && !response.writableEnded);
}

/** Creates a Skiff HTTP/1.1 server around a handler. */
export function createServer<Req extends Request = Request, Res extends Response = Response>(
  handler: Handler<Req, Res>,
  options?: ServerOptions<Req, Res>,
): Server<Req, Res> {
  return new Server(handler, options);
}
