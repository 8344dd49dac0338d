import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { READY_PREFIX, type ServeOptions } from './bench-server.js';
import { SERVER_CORE, spawnPinned, stopProcess, WORKER_CORES, waitForLine } from './processes.js';

/** A bench server running in its own process, pinned to the server core. */
export interface ServerProcess {
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/** The node arguments that start `dist/servers/<name>.js` on port 0 with `options`. */
export function serverArguments(name: string, options: ServeOptions = {}): string[] {
  const script = fileURLToPath(new URL(`./servers/${name}.js`, import.meta.url));
  const routes = String(options.routes ?? 0);
  return [script, '--port', '0', '--routes', routes, '--workers', String(options.workers ?? 0)];
}

/** Starts `dist/servers/<name>.js` on port 0 and resolves once it prints its port. */
export async function startServerProcess(name: string, options: ServeOptions = {}): Promise<ServerProcess> {
  // Production mode is what the frameworks are benchmarked in by their own authors.
  const env = { ...process.env, NODE_ENV: 'production' };
  const child: ChildProcess = spawnPinned(
    process.execPath,
    serverArguments(name, options),
    (options.workers ?? 0) > 0 ? WORKER_CORES : SERVER_CORE,
    env,
  );
  try {
    // Some routers take a while to register 10,000 routes (Fastify's, on a busy core, half a minute).
    const port = Number(await waitForLine(child, READY_PREFIX, 15_000 + (options.routes ?? 0) * 10));
    const pid = child.pid;
    if (pid === undefined) throw new Error('server process has no pid');
    // Nothing reads the server's output from here on; drain it so it never blocks on a full pipe.
    child.stdout?.resume();
    child.stderr?.resume();
    return { pid, port, stop: () => stopProcess(child) };
  } catch (error) {
    await stopProcess(child);
    throw new Error(`Server ${name} did not start: ${(error as Error).message}`);
  }
}
