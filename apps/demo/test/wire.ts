import { connect, type Socket } from 'node:net';

/** A response read off the wire the way the challenge's clients read it: by Content-Length only. */
export interface WireResponse {
  statusLine: string;
  status: number;
  reason: string;
  /** Header lines as sent. */
  rawHeaders: [string, string][];
  /** Values by lower-case name. */
  headers: Record<string, string>;
  body: Buffer;
}

/** A raw connection to the demo that reads responses one at a time. */
export class WireClient {
  readonly socket: Socket;
  #buffer = Buffer.alloc(0);
  #closed = false;
  #wake: (() => void) | undefined;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#closed = true;
      this.#wake?.();
    });
  }

  static async open(port: number): Promise<WireClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new WireClient(socket);
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  async #until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.#closed)
        throw new Error(`connection closed; received ${JSON.stringify(this.#buffer.toString('latin1'))}`);
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** Reads the next response: the head up to CRLFCRLF, then Content-Length bytes. */
  async read(): Promise<WireResponse> {
    await this.#until(() => this.#buffer.includes('\r\n\r\n'));
    const headEnd = this.#buffer.indexOf('\r\n\r\n');
    const [statusLine = '', ...lines] = this.#buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
    const rawHeaders = lines.map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
    const headers = Object.fromEntries(rawHeaders.map(([name, value]) => [name.toLowerCase(), value]));
    const length = Number(headers['content-length'] ?? 0);
    const bodyStart = headEnd + 4;
    await this.#until(() => this.#buffer.length >= bodyStart + length);
    const body = this.#buffer.subarray(bodyStart, bodyStart + length);
    this.#buffer = this.#buffer.subarray(bodyStart + length);
    const [, status = '0', reason = ''] = /^HTTP\/1\.1 (\d{3}) (.*)$/.exec(statusLine) ?? [];
    return { statusLine, status: Number(status), reason, rawHeaders, headers, body };
  }

  /** Resolves when the server closes the connection, with the bytes received after the last response read. */
  async end(): Promise<Buffer> {
    await new Promise<void>((resolve) => {
      if (this.#closed) resolve();
      else this.socket.once('close', () => resolve());
    });
    return this.#buffer;
  }
}

/** The bytes of a request as the challenge's clients write them. */
export function requestBytes(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): string {
  let head = `${method} ${path} HTTP/1.1\r\nHost: localhost:4221\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  if (body.length > 0) head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
  return `${head}\r\n${body}`;
}
