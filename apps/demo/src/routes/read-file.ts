import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { clientLeft } from '@skiff/core';
import { type AppRequest, type AppResponse, HttpError } from '@skiff/router';
import { servedFile } from '../safe-path.js';

/** `GET /files/:name`: the file's bytes as application/octet-stream, streamed; 404 when missing. */
export function readFileRoute(directory: string | undefined) {
  return async (req: AppRequest<{ name: string }>, res: AppResponse): Promise<void> => {
    const path = servedFile(directory, req.params.name);
    const missing = () => new HttpError(404, `No file named ${req.params.name}`);
    // Open first and stat the open file, so what is measured is what is sent.
    const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'ENOTDIR') throw missing();
      throw error;
    });
    try {
      const stats = await handle.stat();
      // While the file was opening, the server may have answered in our place: a malformed
      // body (a bad chunk) gets its 400 from core, which fixes the head. Setting headers now
      // would throw "Cannot set header ... already fixed", and nobody waits for the file.
      if (res.headersSent) return;
      if (!stats.isFile()) throw missing();
      res
        .status(200)
        .set({ 'Content-Type': 'application/octet-stream', 'Content-Length': String(stats.size) });
      await pipeline(handle.createReadStream({ autoClose: false }), res);
    } catch (error) {
      // The client left, or sent a body the server refused, mid-download: nobody to tell.
      if (clientLeft(req, res)) return;
      throw error;
    } finally {
      await handle.close();
    }
  };
}
