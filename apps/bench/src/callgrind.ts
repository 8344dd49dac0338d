import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { READY_PREFIX, type ServeOptions } from './bench-server.js';
import { stopProcess, waitForLine } from './processes.js';
import { serverArguments } from './server-process.js';

/** Whether valgrind (with callgrind_control) is installed. */
export function hasCallgrind(): boolean {
  const probe = (command: string) => {
    const run = spawnSync(command, ['--version'], { stdio: 'ignore' });
    return run.error === undefined && run.status === 0;
  };
  return probe('valgrind') && probe('callgrind_control');
}

/** A bench server running under callgrind, counting nothing until told to. */
export interface CallgrindServer {
  port: number;
  /** Starts or stops counting instructions. */
  count(on: boolean): Promise<void>;
  /** The instructions counted since the last dump (or the start), and zeroes the count. */
  dump(): Promise<number>;
  stop(): Promise<void>;
}

function callgrindControl(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('callgrind_control', [...args], { timeout: 60_000 }, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

/** The instructions in a callgrind dump: its `totals:` line, else its `summary:` line. */
export function dumpTotal(text: string): number {
  const match = /^totals: (\d+)$/m.exec(text) ?? /^summary: (\d+)$/m.exec(text);
  if (match === null) throw new Error('callgrind dump has no totals line');
  return Number(match[1]);
}

/** Starts `dist/servers/<name>.js` under callgrind on port 0, with counting off. */
export async function startUnderCallgrind(
  name: string,
  options: ServeOptions = {},
): Promise<CallgrindServer> {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-callgrind-'));
  const out = join(dir, 'callgrind.out');
  const child: ChildProcess = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${out}`,
      process.execPath,
      ...serverArguments(name, options),
    ],
    { env: { ...process.env, NODE_ENV: 'production' }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const cleanUp = async () => {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Under valgrind a server starts 20 to 50 times slower; 10,000 routes take a while.
    const port = Number(await waitForLine(child, READY_PREFIX, 120_000 + (options.routes ?? 0) * 30));
    const pid = String(child.pid);
    child.stdout?.resume();
    child.stderr?.resume();
    let dumps = 0;
    return {
      port,
      count: (on) => callgrindControl(['-i', on ? 'on' : 'off', pid]),
      dump: async () => {
        await callgrindControl(['-d', pid]);
        dumps++;
        return dumpTotal(readFileSync(`${out}.${dumps}`, 'latin1'));
      },
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw new Error(`Server ${name} did not start under valgrind: ${(error as Error).message}`);
  }
}
