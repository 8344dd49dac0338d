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
  start(port, { routes: numberFlag('--routes') }).then(
    (server) => {
      process.stdout.write(`${READY_PREFIX}${server.port}\n`);
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
