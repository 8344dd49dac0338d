import { mkdirSync, mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Two views directories of a test's own, searched in the order `first`, `second`. */
export interface TemporaryViews {
  readonly first: string;
  readonly second: string;
  /** Writes an (empty) template into one of the directories. */
  write(dir: 'first' | 'second', name: string): Promise<void>;
}

/** Makes two fresh views directories; `cleanups` gets the function that removes them. */
export function temporaryViews(cleanups: (() => Promise<void>)[]): TemporaryViews {
  const root = mkdtempSync(join(tmpdir(), 'skiff-views-'));
  const first = join(root, 'first');
  const second = join(root, 'second');
  mkdirSync(first);
  mkdirSync(second);
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  return {
    first,
    second,
    write: (dir, name) => writeFile(join(dir === 'first' ? first : second, name), ''),
  };
}
