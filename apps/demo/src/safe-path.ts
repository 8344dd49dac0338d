import { isAbsolute, join, resolve, sep } from 'node:path';
import { HttpError } from '@skiff/router';

/**
 * The path of a file named by a client, inside `directory`, or an HttpError 400. The name
 * is one path segment: no separator, no `.` or `..`, no NUL, not absolute. The check is
 * done on the decoded name, so `%2e%2e%2f` is refused like `../`.
 */
export function fileInside(directory: string, name: string): string {
  if (
    name.length === 0 ||
    name === '.' ||
    name === '..' ||
    name.includes('/') ||
    name.includes('\\') ||
    name.includes('\0') ||
    isAbsolute(name)
  ) {
    throw new HttpError(400, 'The file name must be a single path segment');
  }
  const root = resolve(directory);
  const path = join(root, name);
  // Belt and braces: whatever the rules above missed, nothing outside the folder is touched.
  if (!path.startsWith(root + sep)) throw new HttpError(400, 'The file name must stay inside the folder');
  return path;
}

/** The path of the file `name` in the served folder; 404 when no folder is served, 400 for a name that would leave it. */
export function servedFile(directory: string | undefined, name: string): string {
  if (directory === undefined)
    throw new HttpError(404, 'No folder is served: start the demo with --directory <dir>');
  return fileInside(directory, name);
}
