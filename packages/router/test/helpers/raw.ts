import { connect } from 'node:net';
import type { App } from '@skiff/router';

/** A response read off the wire as bytes: status, lower-case headers, and the body undecoded. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function parse(bytes: Buffer): RawResponse {
  const split = bytes.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = bytes.subarray(0, split).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = bytes.subarray(split + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const lineEnd = body.indexOf('\r\n', offset);
      // A body cut short (the server closed mid-stream): keep what arrived.
      if (lineEnd === -1) break;
      const size = Number.parseInt(body.subarray(offset, lineEnd).toString('latin1'), 16);
      if (!(size > 0)) break;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** Sends one request (head and raw body bytes) with `Connection: close` to the app on 127.0.0.1 (port 0) and reads the whole answer. */
export async function rawRequest(
  app: App,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): Promise<RawResponse> {
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const address = app.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  try {
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect(address.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('end', () => resolve(Buffer.concat(chunks)));
      socket.on('error', reject);
      const fields = Object.entries({ Host: 'localhost', Connection: 'close', ...headers })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      socket.write(`${method} ${path} HTTP/1.1\r\n${fields}\r\n${body}`);
    });
    return parse(bytes);
  } finally {
    await new Promise((resolve) => app.close(resolve));
  }
}

/** Sends raw bytes to the app on 127.0.0.1 (port 0) and resolves with every byte received until the server closes. */
export async function rawExchange(app: App, bytes: string): Promise<string> {
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const address = app.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  try {
    return await new Promise<string>((resolve, reject) => {
      const socket = connect(address.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
      socket.on('error', reject);
      socket.write(bytes);
    });
  } finally {
    await new Promise((resolve) => app.close(resolve));
  }
}
