import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { UsageError } from './arguments.js';

/**
 * Checks at start that `--directory` names a folder this process can read and write, so a
 * mistyped path fails now, with its fix, instead of as a 404 or 500 on the first request.
 */
export async function checkDirectory(directory: string): Promise<void> {
  const stats = await stat(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR')
      throw new UsageError(
        `--directory ${directory} does not exist; create it (mkdir -p ${directory}) or name another`,
      );
    throw new UsageError(`--directory ${directory} cannot be read: ${error.message}`);
  });
  if (!stats.isDirectory()) throw new UsageError(`--directory ${directory} is a file, not a directory`);
  // Writing and listing: POST /files/:name creates a temporary file there and renames it.
  await access(directory, constants.R_OK | constants.W_OK | constants.X_OK).catch(() => {
    throw new UsageError(
      `--directory ${directory} is not readable and writable by this user; POST /files/:name writes there`,
    );
  });
}
