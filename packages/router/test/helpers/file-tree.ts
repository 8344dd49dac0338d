// Files to serve in the sendFile and static tests, made once per test file in a temporary
// directory: dotfiles, UTF-8 and `%` names, index files, and a file large enough that a
// client which stops reading leaves the server mid-file.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the tree is: `root` is served; `secret.txt` lies beside it, outside. */
export interface FileTree {
  readonly root: string;
  readonly outside: string;
}

/** The size of `big.bin`: more than the socket buffers of both ends hold. */
export const BIG_FILE_SIZE = 16 * 1024 * 1024;

/** Makes the tree in a new temporary directory. */
export function makeFileTree(): FileTree {
  const outside = mkdtempSync(join(tmpdir(), 'skiff-files-'));
  const root = join(outside, 'public');
  const files: Record<string, string | Buffer> = {
    'hello.txt': 'hello file\n',
    'ten.txt': '0123456789',
    'empty.txt': '',
    '.env': 'SECRET=1\n',
    '.hidden/inside.txt': 'inside a dot directory\n',
    'sub/page.html': '<p>page</p>\n',
    'dir/index.html': '<p>index</p>\n',
    'dir/default.htm': '<p>default</p>\n',
    'été.txt': 'été\n',
    '100%.txt': 'a hundred per cent\n',
    'a b.txt': 'a space\n',
    noext: 'no extension\n',
    'big.bin': Buffer.alloc(BIG_FILE_SIZE, 0x61),
  };
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  mkdirSync(join(root, 'empty-dir'));
  writeFileSync(join(outside, 'secret.txt'), 'secret\n');
  return { root, outside };
}

/** A response read off the wire, for paths a URL library would rewrite (`%2e%2e`, `%00`). */
export interface WireResponse {
  readonly status: number;
  /** Lower-case names, without those that differ by server (date, connection, keep-alive, x-powered-by). */
  readonly headers: Record<string, string>;
  readonly body: string;
}

const SERVER_HEADERS = new Set(['date', 'connection', 'keep-alive', 'x-powered-by']);

/** Sends `GET path` exactly as written (with `Connection: close`) to `url`, and reads the whole answer. */
export function wireGet(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<WireResponse> {
  const { hostname, port } = new URL(url);
  return new Promise<WireResponse>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`GET ${path}: no whole answer within 2000 ms`));
    }, 2000);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('end', () => {
      clearTimeout(timer);
      const bytes = Buffer.concat(chunks);
      const split = bytes.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = bytes.subarray(0, split).toString('latin1').split('\r\n');
      const fields: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).toLowerCase();
        if (!SERVER_HEADERS.has(name)) fields[name] = line.slice(colon + 1).trim();
      }
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers: fields,
        body: bytes.subarray(split + 4).toString('utf8'),
      });
    });
    const extra = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${extra}\r\n`);
  });
}

/**
 * Asks for `path` and leaves once the first bytes of the answer arrive, without reading
 * more: the server is then mid-file, held by backpressure, when the connection goes.
 */
export function leaveMidFile(url: string, path: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise<number>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`GET ${path}: no bytes within 2000 ms`));
    }, 2000);
    socket.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      socket.pause();
      socket.destroy();
      resolve(chunk.length > 0 ? 1 : 0);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  });
}
