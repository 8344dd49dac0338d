import { spawnSync } from 'node:child_process';

/**
 * glibc keeps the pages of freed memory in its arenas for later mallocs; only the top of
 * an arena goes back to the kernel on free. `malloc_trim(0)` hands back every whole free
 * page of every arena. Calling it in the server process (through gdb, since Node has no
 * binding for it) tells free-but-kept memory from memory still in use: the first goes.
 */

/** Time gdb may take to attach, call, and detach. */
const GDB_TIMEOUT_MS = 60_000;

/** Whether gdb is here. */
export function haveGdb(): boolean {
  const probe = spawnSync('gdb', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/** Calls `malloc_trim(0)` in process `pid`; resolves with undefined, or with why it could not. */
export function mallocTrim(pid: number): string | undefined {
  const result = spawnSync('gdb', ['-nx', '-batch', '-p', String(pid), '-ex', 'call (int) malloc_trim(0)'], {
    encoding: 'utf8',
    timeout: GDB_TIMEOUT_MS,
  });
  if (result.error !== undefined) return result.error.message;
  // gdb prints the call's result as `$1 = 1` (memory was released) or `$1 = 0`.
  if (/^\$1 = [01]$/m.test(result.stdout)) return undefined;
  return `gdb: ${(result.stderr || result.stdout).trim().split('\n').at(-1) ?? `exit code ${result.status}`}`;
}
