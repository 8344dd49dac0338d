import { Transform, type TransformCallback } from 'node:stream';
import { HttpError } from '@skiff/router';

/**
 * Passes bytes through until more than `limit` have come, then fails with HttpError 413, so a
 * pipeline stops writing at the limit even for a chunked body, whose size nobody declared.
 */
export function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) callback(tooLarge(limit));
      else callback(null, chunk);
    },
  });
}

/** The 413 for an upload over `limit` bytes. */
export function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    `Uploads are limited to ${limit} bytes (start the demo with --max-upload to change it)`,
  );
}
