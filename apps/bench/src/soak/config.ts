import { spawnSync } from 'node:child_process';

/** How many hostile clients of each kind one wave opens. */
export interface WaveCounts {
  /** Keep-alive connections left idle after one answered GET. */
  idle: number;
  /** Connections that trickle a head one byte at a time and never finish it. */
  slowloris: number;
  /** Connections that send `pipelined` GETs in one write and never read a response. */
  pipeliners: number;
  /** GETs each pipeliner sends (the answers are 64 KiB each). */
  pipelined: number;
  /** Connections that start a 50 MiB upload the server does not read. */
  uploads: number;
}

/** The knobs of a soak run, all from the environment. */
export interface SoakConfig {
  /** Seconds of hostile load per round (`SOAK_SECONDS`, default 40). */
  roundSeconds: number;
  /** Rounds of load, each followed by a measurement (`SOAK_ROUNDS`, default 2). */
  rounds: number;
  /** Most seconds one wave may last before its clients are destroyed (`SOAK_WAVE_SECONDS`, default 15). */
  waveSeconds: number;
  /** Seconds to wait, once the last client is gone, before collecting garbage and measuring (`SOAK_SETTLE_SECONDS`, default 3). */
  settleSeconds: number;
  /**
   * Seconds the server is left alone after the last round before it is measured once more
   * (`SOAK_QUIET_SECONDS`, default 15): long enough for V8's memory reducer, which shrinks the heap
   * some seconds after the allocation rate drops.
   */
  quietSeconds: number;
  /** Clients per wave (`SOAK_IDLE`, `SOAK_SLOWLORIS`, `SOAK_PIPELINERS`, `SOAK_UPLOADS`), GETs per pipeliner (`SOAK_PIPELINED`). */
  counts: WaveCounts;
  /** Extra node flags for the server process (`SOAK_NODE_FLAGS`, e.g. `--max-semi-space-size=2`). */
  nodeFlags: string[];
  /** Extra environment of the server process only (`SOAK_CHILD_ENV`, e.g. `MALLOC_ARENA_MAX=2`). */
  childEnv: Record<string, string>;
  /** Write heap snapshots (`SOAK_SNAPSHOTS=0` turns them off, for RSS figures the snapshots do not disturb). */
  snapshots: boolean;
  /** Leave the snapshot files in the temporary directory (`SOAK_KEEP_SNAPSHOTS=1`). */
  keepSnapshots: boolean;
  /** At the end, have glibc give its free pages back (`malloc_trim(0)` through gdb) and measure again (`SOAK_MALLOC_TRIM=0` skips it). */
  mallocTrim: boolean;
}

/** The default clients per wave: the load the issue describes. */
export const DEFAULT_COUNTS: Readonly<WaveCounts> = Object.freeze({
  idle: 2000,
  slowloris: 1000,
  pipeliners: 200,
  pipelined: 50,
  uploads: 20,
});

/** File descriptors each process keeps for itself beside the sockets of a wave. */
const SPARE_DESCRIPTORS = 200;

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, least: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!(value >= least)) throw new Error(`${name} must be a number of at least ${least}, got "${text}"`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (text !== '0' && text !== '1') throw new Error(`${name} must be 0 or 1, got "${text}"`);
  return text === '1';
}

function assignments(text: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of (text ?? '').split(/\s+/).filter((part) => part !== '')) {
    const equals = item.indexOf('=');
    if (equals <= 0) throw new Error(`SOAK_CHILD_ENV takes NAME=value pairs, got "${item}"`);
    env[item.slice(0, equals)] = item.slice(equals + 1);
  }
  return env;
}

/** Reads the soak's knobs from `env`, and says which one is wrong when one is. */
export function readSoakConfig(env: NodeJS.ProcessEnv): SoakConfig {
  return {
    roundSeconds: number(env, 'SOAK_SECONDS', 40, 5),
    rounds: Math.round(number(env, 'SOAK_ROUNDS', 2, 1)),
    waveSeconds: number(env, 'SOAK_WAVE_SECONDS', 15, 3),
    settleSeconds: number(env, 'SOAK_SETTLE_SECONDS', 3, 0),
    quietSeconds: number(env, 'SOAK_QUIET_SECONDS', 15, 0),
    counts: {
      idle: Math.round(number(env, 'SOAK_IDLE', DEFAULT_COUNTS.idle, 0)),
      slowloris: Math.round(number(env, 'SOAK_SLOWLORIS', DEFAULT_COUNTS.slowloris, 0)),
      pipeliners: Math.round(number(env, 'SOAK_PIPELINERS', DEFAULT_COUNTS.pipeliners, 0)),
      pipelined: Math.round(number(env, 'SOAK_PIPELINED', DEFAULT_COUNTS.pipelined, 1)),
      uploads: Math.round(number(env, 'SOAK_UPLOADS', DEFAULT_COUNTS.uploads, 0)),
    },
    nodeFlags: (env.SOAK_NODE_FLAGS ?? '').split(/\s+/).filter((part) => part !== ''),
    childEnv: assignments(env.SOAK_CHILD_ENV),
    snapshots: flag(env, 'SOAK_SNAPSHOTS', true),
    keepSnapshots: flag(env, 'SOAK_KEEP_SNAPSHOTS', false),
    mallocTrim: flag(env, 'SOAK_MALLOC_TRIM', true),
  };
}

/** The soft limit on open files of this process (and so of its children), or undefined when unlimited or unknown. */
export function openFileLimit(): number | undefined {
  const probe = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const value = Number(probe.stdout?.trim());
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The counts scaled down to fit `limit` open files (a wave's sockets are all open at once, in
 * this process and in the server), with a note saying so; the counts as given when they fit.
 */
export function fitToFileLimit(
  counts: WaveCounts,
  limit: number | undefined,
): { counts: WaveCounts; note?: string } {
  const total = counts.idle + counts.slowloris + counts.pipeliners + counts.uploads;
  if (limit === undefined || total + SPARE_DESCRIPTORS <= limit) return { counts };
  const scale = Math.max(0, limit - SPARE_DESCRIPTORS) / total;
  const scaled: WaveCounts = {
    idle: Math.floor(counts.idle * scale),
    slowloris: Math.floor(counts.slowloris * scale),
    pipeliners: Math.floor(counts.pipeliners * scale),
    pipelined: counts.pipelined,
    uploads: Math.max(1, Math.floor(counts.uploads * scale)),
  };
  return {
    counts: scaled,
    note:
      `ulimit -n is ${limit}, too low for ${total} sockets at once: each wave is scaled to ${(scale * 100).toFixed(0)} %. ` +
      `Raise the soft limit first (ulimit -n ${total + 2 * SPARE_DESCRIPTORS}) for the full load.`,
  };
}
