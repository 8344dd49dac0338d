import cluster from 'node:cluster';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A bench server that is listening. */
export interface RunningServer {
  /** The port it bound, useful when it was asked for port 0. */
  port: number;
  /** Stops listening and ends its connections. */
  close(): Promise<void>;
}

/** What a server is asked to serve besides the common routes. */
export interface ServeOptions {
  /** Register this many routes after the others (scenarios 7–9, `scaleRoutes`); 0 for none. */
  routes?: number;
  /** Run in this many node:cluster workers sharing the port (scenario 10); 0 for one process. */
  workers?: number;
}

/** What each server module exports: start listening on `port` (0 picks one) at 127.0.0.1. */
export type StartServer = (port: number, options?: ServeOptions) => Promise<RunningServer>;

/** The line a server process prints once it listens; the runner waits for it. */
export const READY_PREFIX = 'listening on port ';

/**
 * When `moduleUrl` is the script node was started with, starts the server on the port
 * given as `--port N` (default 0), prints the ready line, and closes on SIGTERM or SIGINT.
 */
export function runWhenMain(moduleUrl: string, start: StartServer): void {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  const port = numberFlag('--port');
  const workers = numberFlag('--workers');
  if (workers > 0 && cluster.isPrimary) {
    runPrimary(workers);
    return;
  }
  start(port, { routes: numberFlag('--routes') }).then(
    (server) => {
      // A cluster worker's ready line would come before its siblings listen: the primary prints it.
      if (!cluster.isWorker) process.stdout.write(`${READY_PREFIX}${server.port}\n`);
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          server.close().then(() => process.exit(0));
          // Frameworks that wait for keep-alive sockets to drain must not hold the run up.
          setTimeout(() => process.exit(0), 1000).unref();
        });
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/**
 * Scenario 10: forks `workers` copies of this script, which listen on the same port through
 * node:cluster (its default round-robin), and prints the ready line once all of them listen.
 * The same plain cluster code for every server, so the row compares the servers, not helpers.
 */
function runPrimary(workers: number): void {
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    listening++;
    if (listening === workers) process.stdout.write(`${READY_PREFIX}${address.port}\n`);
  });
  // A worker that dies ends the run: a missing worker would make its numbers meaningless.
  cluster.on('exit', (_worker, code) => {
    if (listening < workers || code !== 0) process.exit(1);
  });
  for (let index = 0; index < workers; index++) cluster.fork({ ...process.env });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(0);
    });
  }
}

/** The number after `name` on the command line, or 0. */
function numberFlag(name: string): number {
  const flag = process.argv.indexOf(name);
  return flag === -1 ? 0 : Number(process.argv[flag + 1]);
}

/** The port a listening node:net server bound. */
export function boundPort(address: AddressInfo | string | null): number {
  if (address === null || typeof address === 'string')
    throw new Error(`Expected a TCP address, got ${address}`);
  return address.port;
}

/** Closes a node:http server at once, idle keep-alive sockets included. */
export function closeHttpServer(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Calls `listen` on a node:http or node:net server and resolves with the port it bound. */
export function listenOn(server: NetServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(boundPort(server.address()));
    });
  });
}
