import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { HttpError } from '@skiff/core';
import { contentType } from 'mime-types';
import type { AppResponse } from './response.js';

/** Options of `res.sendFile()`. */
export interface SendFileOptions {
  /** Directory a relative path is resolved in; the file must stay inside it. */
  root?: string;
  /** Headers to set on the response. */
  headers?: Record<string, string | number | readonly string[]>;
  /** Cache-Control max-age in milliseconds (default 0). */
  maxAge?: number;
  /** Send Last-Modified (default true). */
  lastModified?: boolean;
  /** Files and directories whose name starts with a dot: `'ignore'` (404, the default) or `'allow'`. */
  dotfiles?: 'ignore' | 'allow';
}

const PARENT_SEGMENT = /(?:^|[\\/])\.\.(?:[\\/]|$)/;
const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'EISDIR']);

/**
 * The absolute path to read, or an HttpError. The checks look at the string only, so a
 * refused path never reaches the file system.
 */
export function resolveFilePath(path: string, options: SendFileOptions): string | HttpError {
  if (typeof path !== 'string' || path === '') throw new TypeError('res.sendFile() needs a path string');
  if (path.includes('\0')) return new HttpError(403, 'The path contains a NUL byte');
  if (options.root === undefined && !isAbsolute(path)) {
    throw new TypeError(
      `res.sendFile(${JSON.stringify(path)}): the path must be absolute, or pass { root } to resolve it in`,
    );
  }
  // A `..` segment is refused outright rather than resolved, as Express's `send` does.
  if (PARENT_SEGMENT.test(path)) return new HttpError(403, 'The path leaves the root directory');
  if (
    options.dotfiles !== 'allow' &&
    path.split(/[\\/]/).some((segment) => segment.startsWith('.') && segment.length > 1)
  ) {
    return new HttpError(404);
  }
  if (options.root === undefined) return resolve(path);
  const root = resolve(options.root);
  const full = resolve(root, `.${sep}${path}`);
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) {
    return new HttpError(403, 'The path leaves the root directory');
  }
  return full;
}

/** Writes a readable into the response with backpressure; settles when the response is ended or the client left. */
function pump(source: Readable, res: AppResponse): Promise<void> {
  return new Promise((resolvePump, rejectPump) => {
    const cleanup = (): void => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      res.off('drain', onDrain);
      res.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      if (!res.write(chunk)) source.pause();
    };
    const onDrain = (): void => {
      source.resume();
    };
    const onEnd = (): void => {
      cleanup();
      res.end();
      resolvePump();
    };
    const onError = (error: Error): void => {
      cleanup();
      rejectPump(error);
    };
    const onClose = (): void => {
      cleanup();
      source.destroy();
      resolvePump();
    };
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onError);
    res.on('drain', onDrain);
    res.once('close', onClose);
  });
}

/**
 * Streams a file as the response: Content-Type from its extension, Content-Length,
 * Last-Modified, Cache-Control. Rejects with an HttpError 403/404 for a refused or missing
 * file (before anything is sent), or with the read error.
 */
export async function sendFile(res: AppResponse, path: string, options: SendFileOptions = {}): Promise<void> {
  const full = resolveFilePath(path, options);
  if (full instanceof HttpError) throw full;
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && NOT_FOUND_CODES.has(code))
      throw new HttpError(404, undefined, { cause: error });
    throw error;
  }
  if (!stats.isFile()) throw new HttpError(404);
  if (res.headersSent)
    throw new Error(
      `res.sendFile(${JSON.stringify(path)}): the response head was already sent; call sendFile before writing to the response, and only once`,
    );

  if (!res.hasHeader('Content-Type')) {
    res.setHeader('Content-Type', contentType(extname(full) || basename(full)) || 'application/octet-stream');
  }
  if (!res.hasHeader('Cache-Control')) {
    res.setHeader('Cache-Control', `public, max-age=${Math.floor((options.maxAge ?? 0) / 1000)}`);
  }
  if (options.lastModified !== false && !res.hasHeader('Last-Modified')) {
    res.setHeader('Last-Modified', stats.mtime.toUTCString());
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  res.removeHeader('Transfer-Encoding');
  res.setHeader('Content-Length', stats.size);

  if (res.req.method === 'HEAD' || stats.size === 0) {
    res.end();
    return;
  }
  await pump(createReadStream(full), res);
}
