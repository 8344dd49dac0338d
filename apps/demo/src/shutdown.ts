import { constants } from 'node:os';
import type { App } from '@skiff/router';

/** How the demo stops. */
export interface ShutdownOptions {
  /** Milliseconds requests in flight get; the app's `closeTimeout` must be the same. */
  timeout: number;
  /** Where the one line about stopping goes. */
  log: (line: string) => void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Headroom past `timeout` for handlers to clean up (remove a half-written upload) once the
 * server has cut their connections; past it the process exits whatever still runs.
 */
const CLEANUP_GRACE = 1_000;

/**
 * One Ctrl-C under `pnpm start` arrives several times at once: the terminal signals the whole
 * process group, and each pnpm layer forwards it again. Copies within this window are the same
 * press; only a signal after it forces the stop.
 */
const SAME_SIGNAL_WINDOW = 250;

/**
 * First Ctrl-C or SIGTERM: stop accepting, let requests in flight finish, and exit once the
 * last connection is gone (the server cuts stalled ones at `timeout`). Second: cut every
 * connection and exit with 128 + the signal's number, as a shell reports a process killed
 * by it. A third gets the signal's default action.
 */
export function stopOnSignals(app: App, { timeout, log }: ShutdownOptions): void {
  let stoppingSince: number | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stoppingSince === undefined) {
      stoppingSince = Date.now();
      // The process ends by itself once nothing is left: the app's own timers do not hold it.
      app.close();
      // After close(), so that whoever reads this line finds the port closed.
      log(
        `${signal}: stopping; no new connections, requests in flight have ${timeout} ms to finish (Ctrl-C or SIGTERM again stops at once)`,
      );
      exitAfter(timeout + CLEANUP_GRACE, 1, () =>
        log(`still busy ${timeout + CLEANUP_GRACE} ms after ${signal}; exiting`),
      );
      return;
    }
    if (Date.now() - stoppingSince < SAME_SIGNAL_WINDOW) return;
    for (const name of SIGNALS) process.off(name, onSignal);
    log(`${signal} again: stopping at once`);
    process.exitCode = 128 + constants.signals[signal];
    app.closeAllConnections();
    exitAfter(CLEANUP_GRACE, process.exitCode);
  };
  for (const name of SIGNALS) process.on(name, onSignal);
}

/** A backstop that does not itself keep the process alive: it fires only if something else does. */
function exitAfter(milliseconds: number, code: number, before?: () => void): void {
  setTimeout(() => {
    before?.();
    process.exit(code);
  }, milliseconds).unref();
}
