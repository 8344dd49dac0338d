import { isFieldValue, isToken } from '../header-validation.js';

/** A body to inject: bytes, text (UTF-8), or any other value, sent as JSON. */
export type InjectBody = string | Uint8Array | object | number | boolean | null;

/** One request to inject, as an object; it is written as the HTTP/1.1 bytes a client would send. */
export interface InjectRequest {
  /** Default `GET`. */
  method?: string;
  /** The request-target, default `/`. */
  url?: string;
  /** Header fields; an array sends the field once per value. `Host: localhost` is added when missing. */
  headers?: Readonly<Record<string, string | number | readonly string[] | undefined>>;
  /**
   * The body. A string is sent as UTF-8, bytes as they are, anything else as JSON (with
   * `Content-Type: application/json` unless given). `Content-Length` is added unless the
   * headers give it or `Transfer-Encoding: chunked`, which sends the body as one chunk.
   */
  body?: InjectBody;
  /** The client's address (`req.socket.remoteAddress`), default `127.0.0.1`. */
  remoteAddress?: string;
}

/** The bytes of a request as a client would write them. */
export function serializeRequest(request: InjectRequest): Buffer {
  const method = request.method ?? 'GET';
  const url = request.url ?? '/';
  if (!isToken(method)) throw new TypeError(`inject(): the method ${JSON.stringify(method)} is not a token`);
  // One request per object: a target with a space or a line break would be read as something else.
  if (url === '' || hasSpaceOrControl(url)) {
    throw new TypeError(
      `inject(): the url ${JSON.stringify(url)} has a space or a control character; encode it`,
    );
  }
  const lines = [`${method} ${url} HTTP/1.1`];
  const names = new Set<string>();
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value === undefined) continue;
    if (!isToken(name))
      throw new TypeError(`inject(): the header name ${JSON.stringify(name)} is not a token`);
    names.add(name.toLowerCase());
    for (const item of typeof value === 'object' ? value : [value]) {
      const text = String(item);
      if (!isFieldValue(text)) {
        throw new TypeError(
          `inject(): the value of ${name} (${JSON.stringify(text)}) cannot be sent: no CR, LF, NUL or characters above U+00FF`,
        );
      }
      lines.push(`${name}: ${text}`);
    }
  }
  if (!names.has('host')) lines.push('Host: localhost');
  const { body, json } = bodyBytes(request.body);
  if (json && !names.has('content-type')) lines.push('Content-Type: application/json');
  const chunked =
    names.has('transfer-encoding') && /(?:^|,)\s*chunked\s*$/i.test(headerText(request, 'transfer-encoding'));
  let payload = body;
  if (body !== undefined && chunked) {
    const size = Buffer.from(`${body.length.toString(16)}\r\n`, 'latin1');
    payload =
      body.length === 0
        ? Buffer.from('0\r\n\r\n', 'latin1')
        : Buffer.concat([size, body, Buffer.from('\r\n0\r\n\r\n', 'latin1')]);
  } else if (body !== undefined && !names.has('content-length') && !names.has('transfer-encoding')) {
    lines.push(`Content-Length: ${body.length}`);
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return payload === undefined ? head : Buffer.concat([head, payload]);
}

function bodyBytes(body: InjectBody | undefined): { body: Buffer | undefined; json: boolean } {
  if (body === undefined) return { body: undefined, json: false };
  if (typeof body === 'string') return { body: Buffer.from(body, 'utf8'), json: false };
  if (body instanceof Uint8Array)
    return { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength), json: false };
  return { body: Buffer.from(JSON.stringify(body), 'utf8'), json: true };
}

function headerText(request: InjectRequest, lowerName: string): string {
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (name.toLowerCase() !== lowerName || value === undefined) continue;
    return typeof value === 'object' ? value.join(', ') : String(value);
  }
  return '';
}

function hasSpaceOrControl(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}
