import type * as ClusterModule from 'node:cluster';
import type { Worker } from 'node:cluster';
import { createRequire } from 'node:module';
import { availableParallelism, constants } from 'node:os';

const require = createRequire(import.meta.url);
/** node:cluster (and child_process under it), loaded by runCluster() only: importing Skiff does not load them. */
let clusterModule: ClusterModule.Cluster | undefined;
function clusterOf(): ClusterModule.Cluster {
  clusterModule ??= require('node:cluster') as ClusterModule.Cluster;
  return clusterModule;
}

/** Options of `runCluster()`. */
export interface ClusterOptions {
  /** What each worker runs: build the app and `listen()`; the workers share the port. */
  worker: () => unknown;
  /** How many workers. Default: `os.availableParallelism()`. */
  workers?: number;
  /**
   * How long a worker being replaced or stopped may take to finish the requests it has (ms)
   * before it is killed. Default 10 000; keep it above the server's `closeTimeout`.
   */
  shutdownTimeout?: number;
  /** Signals that replace the workers one at a time. Default `['SIGHUP']`. */
  restartSignals?: readonly NodeJS.Signals[];
  /** Signals that stop the workers gracefully, then the primary. Default `['SIGTERM', 'SIGINT']`. */
  stopSignals?: readonly NodeJS.Signals[];
  /** Where the primary reports what it does, one line per event. Default `console.log`. */
  log?: (line: string) => void;
}

/** The primary process's handle on its workers. */
export interface ClusterPrimary {
  /** The workers serving now. */
  readonly workers: readonly Worker[];
  /** Replaces every worker, one at a time; each old one stops after its successor listens. */
  restart(): Promise<void>;
  /** Stops every worker gracefully (each finishes its requests), then resolves. */
  stop(): Promise<void>;
}

/** A worker that died within this time of starting is restarted only after a pause (ms). */
const QUICK_DEATH_MS = 1_000;
/** The pause before replacing a worker that died young: no busy fork loop on a broken app. */
const CRASH_PAUSE_MS = 1_000;

/**
 * Runs `options.worker` in one process per core under node:cluster, and manages them from the
 * primary: a worker that dies is replaced; a restart signal (SIGHUP) replaces the workers one
 * at a time, each old worker closing its server (so it finishes the requests it has, with
 * `Connection: close`) only once its successor listens; a stop signal (SIGTERM, SIGINT) stops
 * them all the same way, and a second one kills them. In a worker, it runs `options.worker`
 * and returns undefined; in the primary, it returns the handle.
 */
export function runCluster(options: ClusterOptions): ClusterPrimary | undefined {
  const cluster = clusterOf();
  if (!cluster.isPrimary) {
    runWorker(options);
    return undefined;
  }
  return new Primary(options);
}

function runWorker(options: ClusterOptions): void {
  const worker = clusterOf().worker;
  // A terminal's Ctrl-C (or hang-up) reaches every process of the group: the primary stops or
  // replaces the workers in order, so a worker must not die of it on its own.
  process.on('SIGINT', () => undefined);
  process.on('SIGHUP', () => undefined);
  // SIGTERM sent to a worker: close its servers (requests in flight finish), then exit.
  process.on('SIGTERM', () => {
    if (worker?.isConnected()) disconnectQuietly(worker);
  });
  options.worker();
}

class Primary implements ClusterPrimary {
  readonly #size: number;
  readonly #shutdownTimeout: number;
  readonly #log: (line: string) => void;
  readonly #serving = new Set<Worker>();
  /** Workers told to stop: their exit is expected, not a crash. */
  readonly #retiring = new Set<Worker>();
  readonly #started = new Map<Worker, number>();
  #restarting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  readonly #signals: { signal: NodeJS.Signals; listener: () => void }[] = [];

  constructor(options: ClusterOptions) {
    this.#size = Math.max(1, options.workers ?? availableParallelism());
    this.#shutdownTimeout = options.shutdownTimeout ?? 10_000;
    this.#log = options.log ?? ((line) => console.log(line));
    clusterOf().on('exit', (worker, code, signal) => this.#exited(worker, code, signal));
    for (const signal of options.restartSignals ?? ['SIGHUP']) {
      this.#onSignal(signal, () => {
        this.#log(`${signal}: replacing the workers one at a time`);
        this.restart().catch((error: unknown) => this.#log(`restart failed: ${describe(error)}`));
      });
    }
    for (const signal of options.stopSignals ?? ['SIGTERM', 'SIGINT']) {
      this.#onSignal(signal, () => this.#stopBySignal(signal));
    }
    for (let index = 0; index < this.#size; index++) this.#fork();
  }

  get workers(): readonly Worker[] {
    return [...this.#serving];
  }

  restart(): Promise<void> {
    if (this.#stopping) return Promise.reject(new Error('the cluster is stopping'));
    this.#restarting ??= this.#replaceAll().finally(() => {
      this.#restarting = undefined;
    });
    return this.#restarting;
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await Promise.all([...this.#serving].map((worker) => this.#retire(worker)));
      for (const { signal, listener } of this.#signals) process.off(signal, listener);
      this.#log('all workers stopped');
    })();
    return this.#stopping;
  }

  async #replaceAll(): Promise<void> {
    for (const old of [...this.#serving]) {
      if (this.#stopping) return;
      // The successor listens before the old worker closes: the port always has a worker.
      await whenListening(this.#fork());
      await this.#retire(old);
    }
    this.#log(`restart done: ${this.#serving.size} workers`);
  }

  #fork(): Worker {
    const worker = clusterOf().fork();
    // A message to a worker that has just died fails with EPIPE: its exit is handled, not this.
    worker.on('error', (error) => this.#log(`worker ${worker.process.pid}: ${describe(error)}`));
    this.#serving.add(worker);
    this.#started.set(worker, Date.now());
    return worker;
  }

  /** Closes a worker's servers (requests in flight finish), kills it after the shutdown timeout. */
  #retire(worker: Worker): Promise<void> {
    this.#serving.delete(worker);
    this.#retiring.add(worker);
    return new Promise((resolve) => {
      if (worker.isDead()) {
        resolve();
        return;
      }
      const kill = setTimeout(() => {
        this.#log(`worker ${worker.process.pid} did not finish in ${this.#shutdownTimeout} ms: killed`);
        worker.process.kill('SIGKILL');
      }, this.#shutdownTimeout);
      worker.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      if (!worker.isConnected() || !disconnectQuietly(worker)) worker.process.kill('SIGTERM');
    });
  }

  #exited(worker: Worker, code: number | null, signal: string | null): void {
    const started = this.#started.get(worker) ?? 0;
    this.#started.delete(worker);
    if (this.#retiring.delete(worker)) return;
    this.#serving.delete(worker);
    if (this.#stopping) return;
    const how = signal === null ? `code ${code}` : signal;
    const young = Date.now() - started < QUICK_DEATH_MS;
    this.#log(`worker ${worker.process.pid} died (${how}); starting another${young ? ' in a second' : ''}`);
    if (young) setTimeout(() => this.#stopping ?? this.#fork(), CRASH_PAUSE_MS).unref();
    else this.#fork();
  }

  #onSignal(signal: NodeJS.Signals, listener: () => void): void {
    process.on(signal, listener);
    this.#signals.push({ signal, listener });
  }

  #stopBySignal(signal: NodeJS.Signals): void {
    if (this.#stopping) {
      // A second signal: the operator will not wait.
      this.#log(`${signal} again: killing the workers`);
      for (const worker of [...this.#serving, ...this.#retiring]) worker.process.kill('SIGKILL');
      // The shell's convention for "ended by this signal": 130 for SIGINT, 143 for SIGTERM.
      process.exit(128 + (constants.signals[signal] ?? 0));
    }
    this.#log(`${signal}: stopping the workers (they finish their requests first)`);
    // The signal listeners stay until the workers are gone, so a second signal still forces.
    void this.stop();
  }
}

function whenListening(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      worker.off('listening', onListening);
      reject(new Error(`a new worker exited (code ${code}) before it listened`));
    };
    const onListening = () => {
      worker.off('exit', onExit);
      resolve();
    };
    worker.once('listening', onListening);
    worker.once('exit', onExit);
  });
}

/** Starts a worker's graceful disconnect; false when its channel was already closing. */
function disconnectQuietly(worker: Worker): boolean {
  try {
    worker.disconnect();
    return true;
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
