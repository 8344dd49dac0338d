import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type AppRequest, type AppResponse, HttpError } from '@skiff/router';
import { fileInside } from '../safe-path.js';

type FileRequest = AppRequest<{ name: string }>;

function folderOrNotFound(directory: string | undefined): string {
  if (directory === undefined)
    throw new HttpError(404, 'No folder is served: start the demo with --directory <dir>');
  return directory;
}

/** `GET /files/:name`: the file's bytes as application/octet-stream, streamed; 404 when missing. */
export function readFileRoute(directory: string | undefined) {
  return async (req: FileRequest, res: AppResponse): Promise<void> => {
    const path = fileInside(folderOrNotFound(directory), req.params.name);
    // Open first and stat the open file, so what is measured is what is sent.
    const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'ENOTDIR') {
        throw new HttpError(404, `No file named ${req.params.name}`);
      }
      throw error;
    });
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw new HttpError(404, `No file named ${req.params.name}`);
      res
        .status(200)
        .set({ 'Content-Type': 'application/octet-stream', 'Content-Length': String(stats.size) });
      await pipeline(handle.createReadStream({ autoClose: false }), res);
    } finally {
      await handle.close();
    }
  };
}

/**
 * `POST /files/:name`: the body, streamed to a temporary file in the same folder and
 * renamed into place once complete, then 201. A reader never sees a partial file, and an
 * upload cut off halfway leaves nothing behind.
 */
export function writeFileRoute(directory: string | undefined) {
  return async (req: FileRequest, res: AppResponse): Promise<void> => {
    const path = fileInside(folderOrNotFound(directory), req.params.name);
    const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.upload`);
    try {
      await pipeline(req.stream(), createWriteStream(temporary, { flags: 'wx' }));
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    res.status(201).end();
  };
}
