import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopProcess } from '../processes.js';
import type { FromServer, MemorySample, ToServer } from './messages.js';

/** The server process under soak, seen from the soak. */
export interface SoakServer {
  pid: number;
  port: number;
  /** Its memory now; after full collections when `gc`, with a heap snapshot when `snapshot`. */
  measure(label: string, options: { gc: boolean; snapshot: boolean }): Promise<MemorySample>;
  /** How many connections it holds. */
  connections(): Promise<number>;
  /** Polls until it holds no connection, or `timeoutMs` passes; resolves with the last count. */
  waitForNoConnections(timeoutMs: number): Promise<number>;
  /** Ends it by its pid: SIGTERM, then SIGKILL if it has not exited in 3 s. */
  stop(): Promise<void>;
}

const script = fileURLToPath(new URL('./server-process.js', import.meta.url));

/** Time the server process may take to listen, and to answer a command (a snapshot included). */
const START_TIMEOUT_MS = 15_000;
const COMMAND_TIMEOUT_MS = 120_000;
const POLL_MS = 250;

type Command = { type: 'measure'; label: string; gc: boolean; snapshot: boolean } | { type: 'connections' };

/**
 * Forks the server process with `--expose-gc` and `nodeFlags`, `env` added to this
 * process's environment, writing its heap snapshots to `snapshotDir`; resolves once it listens.
 */
export async function startSoakServer(
  nodeFlags: readonly string[],
  env: Record<string, string>,
  snapshotDir: string,
): Promise<SoakServer> {
  const child = fork(script, [snapshotDir], {
    execArgv: ['--expose-gc', ...nodeFlags],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(reply: FromServer): void; reject(error: Error): void }>();
  let nextId = 1;
  let exited: Error | undefined;
  child.on('message', (reply: FromServer) => {
    if (reply.type === 'listening') return;
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.type === 'failed') waiter?.reject(new Error(`server process: ${reply.message}`));
    else waiter?.resolve(reply);
  });
  child.once('exit', (code, signal) => {
    exited = new Error(`the server process exited with ${signal ?? `code ${code}`}`);
    for (const waiter of pending.values()) waiter.reject(exited);
    pending.clear();
  });

  const ask = (command: Command): Promise<FromServer> => {
    if (exited !== undefined) return Promise.reject(exited);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`the server process did not answer "${command.type}" in ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      pending.set(id, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ ...command, id } satisfies ToServer);
    });
  };

  const connections = async (): Promise<number> => {
    const reply = await ask({ type: 'connections' });
    return reply.type === 'connections' ? reply.count : Number.NaN;
  };

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the server process did not listen in time')),
        START_TIMEOUT_MS,
      );
      child.once('exit', (code) =>
        reject(new Error(`the server process exited with code ${code} before listening`)),
      );
      child.on('message', (reply: FromServer) => {
        if (reply.type !== 'listening') return;
        clearTimeout(timer);
        resolve(reply.port);
      });
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error('the server process has no pid');
    return {
      pid,
      port,
      measure: async (label, options) => {
        const reply = await ask({ type: 'measure', label, ...options });
        if (reply.type !== 'measured') throw new Error(`unexpected reply ${reply.type} to measure`);
        return reply.sample;
      },
      connections,
      waitForNoConnections: async (timeoutMs) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const count = await connections();
          if (count === 0 || Date.now() >= deadline) return count;
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      },
      stop: () => stopProcess(child),
    };
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
}
