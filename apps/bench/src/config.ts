import type { GeneratorName } from './load/generator.js';
import { LOAD_SCENARIOS, type ScenarioId } from './scenarios.js';
import { SERVERS } from './servers/index.js';

/** The knobs of a run, all from the environment. */
export interface BenchConfig {
  /** Seconds measured per load run (`BENCH_DURATION`, default 3). */
  durationSeconds: number;
  /** Seconds of load before each measured run, not counted (`BENCH_WARMUP`, default 1). */
  warmupSeconds: number;
  /** Times every server runs every scenario, interleaved (`BENCH_ROUNDS`, default 3). */
  rounds: number;
  /** Servers to run (`BENCH_SERVERS`, comma-separated names; default all). */
  servers: readonly string[];
  /** Scenarios to run (`BENCH_SCENARIOS`, comma-separated ids or numbers; default all). */
  scenarios: readonly ScenarioId[];
  /** `BENCH_GENERATOR=wrk|autocannon` forces a load generator. */
  generator: GeneratorName | undefined;
  /** Write RESULTS.md and results.svg (`--write` or `BENCH_WRITE=1`); a trial run leaves them alone. */
  write: boolean;
}

const SCENARIO_IDS: readonly ScenarioId[] = [...LOAD_SCENARIOS.map((scenario) => scenario.id), 'memory'];

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!(value > 0)) throw new Error(`${name} must be a number above 0, got "${text}"`);
  return value;
}

function list(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text.split(',').map((item) => item.trim());
}

function scenarioId(item: string): ScenarioId {
  // Scenarios may be named by the number the README gives them; memory is number 6.
  const byNumber = item === '6' ? 'memory' : LOAD_SCENARIOS.find((s) => String(s.number) === item)?.id;
  const id = byNumber ?? item;
  const known = SCENARIO_IDS.find((candidate) => candidate === id);
  if (known === undefined)
    throw new Error(`Unknown scenario "${item}"; known: ${SCENARIO_IDS.join(', ')} or 1-10`);
  return known;
}

/** Reads the run's knobs from `env`, and says which one is wrong when one is. */
export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[] = []): BenchConfig {
  const names = SERVERS.map((server) => server.name);
  const servers = list(env.BENCH_SERVERS) ?? names;
  for (const name of servers) {
    if (!names.includes(name)) throw new Error(`Unknown server "${name}"; known: ${names.join(', ')}`);
  }
  const generator = env.BENCH_GENERATOR;
  if (generator !== undefined && generator !== '' && generator !== 'wrk' && generator !== 'autocannon') {
    throw new Error(`BENCH_GENERATOR must be wrk or autocannon, got "${generator}"`);
  }
  return {
    durationSeconds: positiveNumber(env, 'BENCH_DURATION', 3),
    warmupSeconds: positiveNumber(env, 'BENCH_WARMUP', 1),
    rounds: Math.round(positiveNumber(env, 'BENCH_ROUNDS', 3)),
    servers,
    scenarios: (list(env.BENCH_SCENARIOS) ?? SCENARIO_IDS).map(scenarioId),
    generator: generator === 'wrk' || generator === 'autocannon' ? generator : undefined,
    write: argv.includes('--write') || env.BENCH_WRITE === '1',
  };
}
