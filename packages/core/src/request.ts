import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { BodyStream } from './body-stream.js';
import { HttpError } from './http-error.js';
import type { RequestHead } from './parser/types.js';

/** What a request asks of the connection it came on. @internal */
export interface RequestConnection {
  /** Default limit of `readBody()`. */
  readonly maxBodySize: number;
  /** The handler has started to read the body: answer `Expect: 100-continue` now. */
  bodyWanted(request: Request): void;
}

/**
 * One HTTP request: its head, and its body as a stream that is read on demand.
 * Subclass it (without a constructor of your own) and pass the class as the server's
 * `RequestClass` option to add fields and helpers.
 */
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
    return this.headers[name.toLowerCase()];
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
