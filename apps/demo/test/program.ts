import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** How a run of the built demo ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from `since` (the call to `exited`, unless given) to the exit. */
  elapsed: number;
}

/** The built demo (`node dist/main.js`) running in a child process, as users start it. */
export interface Program {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** The first stdout line matching `pattern`; rejects after `timeout` ms or when the program exits first. */
  line(pattern: RegExp, timeout?: number): Promise<RegExpExecArray>;
  /** Resolves when the program exits; rejects after `timeout` ms. */
  exited(timeout?: number, since?: number): Promise<Exit>;
}

const running = new Set<ChildProcess>();

// Whatever the file's tests left running is stopped by its PID, never by name. (After all of
// them, not each: tests of a file may run concurrently.)
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/**
 * Runs `node dist/main.js ...args` with HOST=127.0.0.1 and PORT=0 unless `env` says otherwise
 * (a variable set to undefined is removed).
 */
export function runDemo(args: readonly string[], env: Record<string, string | undefined> = {}): Program {
  const merged: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  const child = spawn(process.execPath, [MAIN, ...args], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('the demo did not start');
  running.add(child);
  let stdout = '';
  let stderr = '';
  let exit: Omit<Exit, 'elapsed'> | undefined;
  let exitedAt = 0;
  const wake = new Set<() => void>();
  const changed = () => {
    for (const callback of wake) callback();
  };
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    changed();
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    changed();
  });
  // 'close', not 'exit': by then stdout and stderr are read to their end.
  child.on('close', (code, signal) => {
    exit = { code, signal };
    exitedAt = Date.now();
    running.delete(child);
    changed();
  });

  /** Waits until `ready()` gives a value, for at most `timeout` ms. */
  const until = <T>(ready: () => T | undefined, timeout: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        let value: T | undefined;
        try {
          value = ready();
        } catch (error) {
          finish(() => reject(error));
          return;
        }
        if (value !== undefined) finish(() => resolve(value));
      };
      const timer = setTimeout(
        () =>
          finish(() => reject(new Error(`${what} within ${timeout} ms; stdout ${stdout}; stderr ${stderr}`))),
        timeout,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        wake.delete(check);
        settle();
      };
      wake.add(check);
      check();
    });

  return {
    child,
    pid: child.pid,
    stdout: () => stdout,
    stderr: () => stderr,
    line: (pattern, timeout = 10_000) =>
      until(
        () => {
          const found = pattern.exec(stdout);
          if (found) return found;
          if (exit) throw new Error(`exited (${JSON.stringify(exit)}) before printing ${pattern}; ${stderr}`);
          return undefined;
        },
        timeout,
        `no line ${pattern}`,
      ),
    exited: (timeout = 10_000, since = Date.now()) =>
      until(() => (exit ? { ...exit, elapsed: exitedAt - since } : undefined), timeout, 'no exit'),
  };
}

/** Runs the demo and waits for its listening line; resolves with the program and its port. */
export async function startDemo(
  args: readonly string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<{ program: Program; port: number; address: string }> {
  const program = runDemo(args, env);
  const [, address = '', port = '0'] = await program.line(/listening on \S+ \(address (\S+), port (\d+)\)/);
  return { program, port: Number(port), address };
}
