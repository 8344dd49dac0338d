/** One response as the client read it off the connection. */
export interface InjectResponse {
  /** The status code. */
  readonly statusCode: number;
  /** The reason phrase, as sent. */
  readonly statusMessage: string;
  /** `'1.0'` or `'1.1'`, from the status line. */
  readonly httpVersion: string;
  /** Header fields by lower-case name; a field sent more than once is an array of its values. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** Header names and values as sent, alternating. */
  readonly rawHeaders: readonly string[];
  /** Trailer fields of a chunked body by lower-case name. */
  readonly trailers: Readonly<Record<string, string | string[]>>;
  /** The body as text (UTF-8), de-chunked. */
  readonly body: string;
  /** The same text as `body` (light-my-request's name, so Fastify tests port as they are). */
  readonly payload: string;
  /** The body bytes, de-chunked (not decompressed). */
  readonly rawPayload: Buffer;
  /** Every byte the client received for this response, interim 1xx responses before it included. */
  readonly raw: Buffer;
  /** The body parsed as JSON. */
  json<T = unknown>(): T;
}

// Where the reader is in the response being read.
const HEAD = 0;
const BODY_LENGTH = 1;
const BODY_UNTIL_CLOSE = 2;
const CHUNK_LINE = 3;
const CHUNK_DATA = 4;
const CHUNK_DATA_END = 5;
const TRAILERS = 6;

const CRLF_CRLF = Buffer.from('\r\n\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');

/** A response head as read. */
interface Head {
  statusCode: number;
  statusMessage: string;
  httpVersion: string;
  rawHeaders: string[];
  headers: Record<string, string | string[]>;
}

/**
 * Reads the responses off the bytes a server wrote, incrementally, as a client would: the
 * framing of each body by RFC 9112 §6.3 (no body for HEAD, 1xx, 204 and 304; chunked;
 * Content-Length; else until the server closes). `methods` are the requests' methods in order.
 */
export class ResponseReader {
  readonly responses: InjectResponse[] = [];
  readonly #methods: readonly string[];
  #state = HEAD;
  /** Bytes read and not yet consumed (a head or a line not yet whole). */
  #pending: Buffer = Buffer.alloc(0);
  /** Every byte of the response being read, for `raw`. */
  #raw: Buffer[] = [];
  #body: Buffer[] = [];
  #remaining = 0;
  #head: Head | undefined;
  #trailerLines: string[] = [];
  /** The server wrote something that is not a response; what came before is kept. */
  error: Error | undefined;

  constructor(methods: readonly string[]) {
    this.#methods = methods;
  }

  /** True when a response has begun and is not complete. */
  get midResponse(): boolean {
    return this.#state !== HEAD || this.#pending.length > 0 || this.#raw.length > 0;
  }

  /** Reads more bytes from the server. */
  read(chunk: Buffer): void {
    if (this.error !== undefined) return;
    let data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    this.#pending = Buffer.alloc(0);
    while (data.length > 0 && this.error === undefined) {
      const used = this.#step(data);
      if (used < 0) {
        this.#pending = data;
        return;
      }
      data = data.subarray(used);
    }
  }

  /** The server closed its side: a body delimited by the close is complete. */
  end(): void {
    if (this.#state === BODY_UNTIL_CLOSE) this.#finish();
  }

  /** Consumes bytes in the current state; returns how many, or -1 when more are needed first. */
  #step(data: Buffer): number {
    switch (this.#state) {
      case HEAD: {
        const end = data.indexOf(CRLF_CRLF);
        if (end < 0) return -1;
        const length = end + 4;
        this.#raw.push(data.subarray(0, length));
        this.#startBody(data.toString('latin1', 0, end));
        return length;
      }
      case BODY_LENGTH:
      case CHUNK_DATA: {
        const taken = Math.min(this.#remaining, data.length);
        this.#take(data.subarray(0, taken), true);
        this.#remaining -= taken;
        if (this.#remaining === 0) {
          if (this.#state === BODY_LENGTH) this.#finish();
          else this.#state = CHUNK_DATA_END;
        }
        return taken;
      }
      case BODY_UNTIL_CLOSE:
        this.#take(data, true);
        return data.length;
      case CHUNK_DATA_END: {
        if (data.length < 2) return -1;
        if (data[0] !== 13 || data[1] !== 10) return this.#fail('a chunk does not end in CRLF');
        this.#take(data.subarray(0, 2), false);
        this.#state = CHUNK_LINE;
        return 2;
      }
      case CHUNK_LINE: {
        const end = data.indexOf(CRLF);
        if (end < 0) return -1;
        this.#take(data.subarray(0, end + 2), false);
        const size = Number.parseInt(data.toString('latin1', 0, end).split(';')[0]?.trim() ?? '', 16);
        if (!Number.isFinite(size) || size < 0) return this.#fail('a chunk size is not hexadecimal');
        if (size === 0) this.#state = TRAILERS;
        else {
          this.#remaining = size;
          this.#state = CHUNK_DATA;
        }
        return end + 2;
      }
      case TRAILERS: {
        const end = data.indexOf(CRLF);
        if (end < 0) return -1;
        this.#take(data.subarray(0, end + 2), false);
        if (end === 0) this.#finish();
        else this.#trailerLines.push(data.toString('latin1', 0, end));
        return end + 2;
      }
      default:
        return this.#fail('the reader is in no known state');
    }
  }

  #take(bytes: Buffer, body: boolean): void {
    this.#raw.push(bytes);
    if (body) this.#body.push(bytes);
  }

  #startBody(text: string): void {
    const lines = text.split('\r\n');
    const status = /^HTTP\/(1\.[01]) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
    if (status === null) {
      this.#fail(`the status line ${JSON.stringify(lines[0])} is not HTTP/1.x`);
      return;
    }
    const rawHeaders: string[] = [];
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      rawHeaders.push(line.slice(0, colon), line.slice(colon + 1).trim());
    }
    const head: Head = {
      httpVersion: status[1] as string,
      statusCode: Number(status[2]),
      statusMessage: status[3] ?? '',
      rawHeaders,
      headers: fieldsOf(rawHeaders),
    };
    const statusCode = head.statusCode;
    // RFC 9112 §6.3 ¶1: 1xx, 204 and 304 have no body. An interim 1xx is read, and the final response follows.
    if (statusCode >= 100 && statusCode < 200) {
      this.#state = HEAD;
      return;
    }
    this.#head = head;
    const method = this.#methods[this.responses.length];
    // RFC 9112 §6.3 ¶1: a response to HEAD has no body, whatever its Content-Length says.
    if (method === 'HEAD' || statusCode === 204 || statusCode === 304) {
      this.#finish();
      return;
    }
    const transferEncoding = head.headers['transfer-encoding'];
    const contentLength = head.headers['content-length'];
    // RFC 9112 §6.3 ¶4: a final `chunked` coding frames the body.
    if (transferEncoding !== undefined && /(?:^|,)\s*chunked\s*$/i.test(String(transferEncoding))) {
      this.#state = CHUNK_LINE;
    } else if (transferEncoding === undefined && typeof contentLength === 'string') {
      // RFC 9112 §6.3 ¶6: Content-Length gives the body's length.
      this.#remaining = Number(contentLength);
      if (this.#remaining === 0) this.#finish();
      else this.#state = BODY_LENGTH;
    } else {
      // RFC 9112 §6.3 ¶8: else the body runs until the server closes the connection.
      this.#state = BODY_UNTIL_CLOSE;
    }
  }

  #finish(): void {
    const head = this.#head as Head;
    const rawPayload = this.#body.length === 1 ? (this.#body[0] as Buffer) : Buffer.concat(this.#body);
    const body = rawPayload.toString('utf8');
    const trailers: string[] = [];
    for (const line of this.#trailerLines) {
      const colon = line.indexOf(':');
      trailers.push(line.slice(0, colon), line.slice(colon + 1).trim());
    }
    this.responses.push({
      statusCode: head.statusCode,
      statusMessage: head.statusMessage,
      httpVersion: head.httpVersion,
      headers: head.headers,
      rawHeaders: head.rawHeaders,
      trailers: fieldsOf(trailers),
      body,
      payload: body,
      rawPayload,
      raw: Buffer.concat(this.#raw),
      json<T>(): T {
        return JSON.parse(body) as T;
      },
    });
    this.#state = HEAD;
    this.#raw = [];
    this.#body = [];
    this.#head = undefined;
    this.#trailerLines = [];
  }

  #fail(what: string): number {
    this.error = new Error(`inject(): the server wrote something that is not an HTTP/1.1 response: ${what}`);
    return -1;
  }
}

function fieldsOf(raw: readonly string[]): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (let index = 0; index < raw.length; index += 2) {
    const name = (raw[index] as string).toLowerCase();
    const value = raw[index + 1] as string;
    const known = fields[name];
    if (known === undefined) fields[name] = value;
    else if (typeof known === 'string') fields[name] = [known, value];
    else known.push(value);
  }
  return fields;
}
