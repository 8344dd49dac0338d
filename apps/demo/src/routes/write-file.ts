import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { clientLeft } from '@skiff/core';
import type { AppRequest, AppResponse } from '@skiff/router';
import { byteLimit, tooLarge } from '../byte-limit.js';
import { servedFile } from '../safe-path.js';

/**
 * `POST /files/:name`: the body, streamed to a temporary file in the same folder and
 * renamed into place once complete, then 201. A reader never sees a partial file; an upload
 * cut off halfway, or over `maxUpload` bytes (413), leaves nothing behind.
 */
export function writeFileRoute(directory: string | undefined, maxUpload: number) {
  return async (req: AppRequest<{ name: string }>, res: AppResponse): Promise<void> => {
    const path = servedFile(directory, req.params.name);
    // A declared length over the limit is refused before a byte is read or a file made.
    // (Core has checked it is one number of digits.)
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxUpload) throw tooLarge(maxUpload);
    const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.upload`);
    // Opened before the pipeline, so the file exists before any failure: a stream still
    // opening it when the pipeline fails could otherwise create it after the rm below.
    const handle = await open(temporary, 'wx');
    try {
      await pipeline(req.stream(), byteLimit(maxUpload), handle.createWriteStream());
      await rename(temporary, path);
    } catch (error) {
      await handle.close().catch(() => {});
      await rm(temporary, { force: true });
      // A client that left, or a body the server answered 400 itself: nothing to answer.
      if (clientLeft(req, res) || res.headersSent) return;
      throw error;
    }
    res.status(201).end();
  };
}
