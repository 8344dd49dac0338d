import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { HOST } from '../src/payloads.js';

/** A response as it came off the wire: nothing decompressed. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends one request to 127.0.0.1:`port` on a connection of its own. */
export function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: HOST,
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`No answer to ${options.path} in 5 s`)));
    req.end(options.body);
  });
}

/**
 * Writes `count` GETs of `path` in one write and resolves with everything read until
 * `expect` occurs `count` times (or rejects after 5 s).
 */
export function pipelined(port: number, path: string, count: number, expect: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, HOST);
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`Got ${received.split(expect).length - 1} of ${count} pipelined answers:\n${received}`),
      );
    }, 5000);
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`.repeat(count)));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.split(expect).length - 1 < count) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
