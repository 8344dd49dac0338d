import type { Readable, Transform } from 'node:stream';
import type { AppRequest } from '../../request.js';
import { adoptError, bodyError } from './errors.js';

function ignore(): void {}

/** The declared length of an uncompressed body, as raw-body reads it (`parseInt`); null when none. */
function declaredLength(req: AppRequest): number | null {
  const declared = req.headers['content-length'];
  if (declared === undefined) return null;
  const length = Number.parseInt(declared, 10);
  return Number.isNaN(length) ? null : length;
}

/**
 * Reads a request body into one Buffer as body-parser's raw-body does, inflating it on the way
 * when `inflate` is given: the limit counts the bytes after inflation, so a small compressed
 * body that inflates past it (a zip bomb) fails with 413 as soon as it crosses, the inflater
 * stopped and destroyed. Each failure is body-parser's error: 413 `request entity too large`,
 * 400 `request aborted` when the client leaves, the inflater's own error with status 400 for a
 * corrupt or truncated stream.
 */
export function readBody(req: AppRequest, inflate: Transform | undefined, limit: number): Promise<Buffer> {
  // Only an uncompressed body is measured by its Content-Length: refused before a byte is read.
  const length = inflate === undefined ? declaredLength(req) : null;
  if (length !== null && length > limit) {
    inflate?.destroy();
    return Promise.reject(
      bodyError(413, 'request entity too large', {
        expected: length,
        length,
        limit,
        type: 'entity.too.large',
      }),
    );
  }
  const source = req.stream();
  const stream: Readable = inflate ?? source;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;

    const cleanup = (): void => {
      settled = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onInflateError);
      source.off('error', onSourceError);
      if (inflate !== undefined) {
        source.unpipe(inflate);
        // The inflater may still report on input it had: nobody listens any more.
        inflate.on('error', ignore);
        inflate.destroy();
      }
    };
    const fail = (error: Error): void => {
      if (settled) return;
      cleanup();
      reject(error);
    };
    function onData(chunk: Buffer): void {
      if (settled) return;
      received += chunk.length;
      if (received > limit) {
        // The rest is refused: core drains a small remainder or closes the connection.
        source.destroy();
        fail(bodyError(413, 'request entity too large', { limit, received, type: 'entity.too.large' }));
        return;
      }
      chunks.push(chunk);
    }
    function onEnd(): void {
      if (settled) return;
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received));
    }
    function onInflateError(error: Error): void {
      fail(adoptError(error, 400));
    }
    function onSourceError(error: NodeJS.ErrnoException): void {
      if (error.code !== 'ECONNRESET') {
        fail(error);
        return;
      }
      fail(
        bodyError(400, 'request aborted', {
          code: 'ECONNABORTED',
          expected: length,
          length,
          received,
          type: 'request.aborted',
        }),
      );
    }

    stream.on('data', onData);
    stream.on('end', onEnd);
    source.on('error', onSourceError);
    if (inflate !== undefined) {
      stream.on('error', onInflateError);
      source.pipe(inflate);
    }
  });
}
