import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/two-workers.mjs', import.meta.url));
const BOUND_MS = 15_000;

/** The primary as a child process, with its output as lines to wait for. */
class Primary {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  readonly #waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor() {
    this.child = spawn(process.execPath, [FIXTURE], { stdio: ['ignore', 'pipe', 'inherit'] });
    let rest = '';
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      const parts = (rest + text).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        this.lines.push(line);
        for (const waiter of [...this.#waiters]) {
          if (!waiter.test(line)) continue;
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Resolves with the first line (already printed or to come, after `from`) that `test` accepts. */
  line(test: (line: string) => boolean, what: string, from = 0): Promise<string> {
    const seen = this.lines.slice(from).find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return bounded(new Promise((resolve) => this.#waiters.push({ test, resolve })), what);
  }

  /** The ports and pids of the `listening` lines so far. */
  listening(): { port: number; pid: number }[] {
    return this.lines
      .filter((line) => line.startsWith('listening '))
      .map((line) => {
        const [, port, pid] = line.split(' ');
        return { port: Number(port), pid: Number(pid) };
      });
  }
}

function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${BOUND_MS} ms`)), BOUND_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Resolves once `condition()` holds (checked every 10 ms); bound it with `bounded`. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** One request on a connection of its own; resolves with the pid that answered. */
function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        res.statusCode === 200 ? resolve(Number(body)) : reject(new Error(`status ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 5 s')));
    req.on('error', reject);
    req.end();
  });
}

/** The port the workers share. */
function portOf(main: Primary): number {
  const first = main.listening()[0];
  if (first === undefined) throw new Error('no worker listens yet');
  return first.port;
}

let primary: Primary | undefined;
afterEach(async () => {
  if (primary && primary.child.exitCode === null) {
    primary.child.kill('SIGKILL');
    await primary.exited;
  }
  primary = undefined;
});

describe('runCluster', () => {
  it('replaces the workers one at a time on SIGHUP without failing a request, and stops on SIGTERM', async () => {
    const main = new Primary();
    primary = main;
    await main.line((line) => main.listening().length >= 2 && line.startsWith('listening'), 'two workers');
    const port = portOf(main);
    const before = new Set(main.listening().map((entry) => entry.pid));

    // Four clients keep sending (some requests held 150 ms, so some are in flight when their
    // worker is told to stop) until the restart is done, then a little longer.
    let restarted = false;
    const answeredBy = new Set<number>();
    const failures: string[] = [];
    let sent = 0;
    const deadline = Date.now() + BOUND_MS;
    const client = async (held: boolean) => {
      let after = 0;
      while (Date.now() < deadline && sent < 5_000 && after < 5) {
        sent++;
        if (restarted) after++;
        try {
          answeredBy.add(await get(port, held ? '/?delay=150' : '/'));
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const clients = Promise.all([client(true), client(true), client(false), client(false)]);
    await bounded(
      waitFor(() => answeredBy.size > 0),
      'traffic flowing',
    );
    const from = main.lines.length;
    main.child.kill('SIGHUP');
    await main.line((line) => line.startsWith('restart done'), 'the restart', from);
    restarted = true;
    await bounded(clients, 'the clients');

    expect(failures).toEqual([]);
    const after = new Set(
      main
        .listening()
        .map((entry) => entry.pid)
        .filter((pid) => !before.has(pid)),
    );
    expect(after.size).toBe(2);
    // Both generations answered: the old workers until they stopped, the new ones after.
    expect([...before].some((pid) => answeredBy.has(pid))).toBe(true);
    expect([...after].every((pid) => answeredBy.has(pid))).toBe(true);

    main.child.kill('SIGTERM');
    expect(await bounded(main.exited, 'the exit')).toBe(0);
    expect(main.lines).toContain('all workers stopped');
  }, 30_000);

  it('replaces a worker that dies', async () => {
    const main = new Primary();
    primary = main;
    await main.line(() => main.listening().length >= 2, 'two workers');
    const port = portOf(main);
    await get(port, '/crash').catch(() => undefined);
    await main.line((line) => line.includes('died (code 3)'), 'the death');
    await main.line(() => main.listening().length >= 3, 'a replacement');
    expect(await get(port, '/')).toBeGreaterThan(0);
  }, 30_000);
});
