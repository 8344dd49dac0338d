import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';

/** Starting, pinning, reading and stopping the child processes of a run: servers and load generators. */

/** The core a single-process server runs on, when `taskset` exists. */
export const SERVER_CORE = 0;
/** The core load generators run on: the last one (core 1 on two cores). */
export const LOAD_CORE = Math.max(1, availableParallelism() - 1);
/** Workers of the multi-core scenario: every core but the load generator's, each pinned among cores 0 to N-1. */
export const SERVER_WORKERS = LOAD_CORE;
/** The cores a server with `SERVER_WORKERS` workers runs on, as taskset writes them. */
export const WORKER_CORES = SERVER_WORKERS === 1 ? '0' : `0-${SERVER_WORKERS - 1}`;

/** Whether `taskset` is here to pin processes to cores. */
export const canPin: boolean = (() => {
  const probe = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
})();

/** Spawns `command args`, pinned to `core` when that is possible. Output is piped. */
export function spawnPinned(
  command: string,
  args: readonly string[],
  core: number | string,
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  // taskset execs the command, so the child's pid is the command's pid.
  const [file, argv] = canPin ? ['taskset', ['-c', String(core), command, ...args]] : [command, [...args]];
  return spawn(file, argv, { env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * Resolves with the first stdout line of `child` that starts with `prefix` (the rest of
 * it), or rejects when the child exits first or `timeoutMs` passes. Stderr goes in the error.
 */
export function waitForLine(child: ChildProcess, prefix: string, timeoutMs: number): Promise<string> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString();
  });
  const stdout = child.stdout;
  if (stdout === null) return Promise.reject(new Error('the child process has no piped stdout'));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`${why}${stderr ? `:\n${stderr.trim()}` : ''}`));
    };
    const onExit = (code: number | null) => fail(`exited with code ${code} before printing "${prefix}"`);
    const timer = setTimeout(() => fail(`printed no "${prefix}" line in ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.close();
    };
    child.once('exit', onExit);
    lines.on('line', (line) => {
      if (!line.startsWith(prefix)) return;
      cleanup();
      resolve(line.slice(prefix.length));
    });
  });
}

/** Resolves with everything `child` prints on stdout, once it exits; kills it after `timeoutMs`. */
export function collectOutput(child: ChildProcess, timeoutMs: number): Promise<string> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`exited with ${signal ?? `code ${code}`}${stderr ? `:\n${stderr.trim()}` : ''}`));
    });
  });
}

/** Stops a child this run started, by its pid: SIGTERM, then SIGKILL if it has not exited in 3 s. */
export function stopProcess(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(pid, 'SIGTERM');
  });
}
