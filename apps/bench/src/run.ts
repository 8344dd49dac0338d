import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chartGroups, renderChart } from './chart.js';
import { readConfig } from './config.js';
import { chooseGenerator } from './load/generator.js';
import { type LoadMeasurement, type MemoryMeasurement, measureLoad, measureMemory } from './measure.js';
import { canPin, LOAD_CORE, SERVER_CORE, WORKER_CORES } from './processes.js';
import { Progress } from './progress.js';
import { type BenchResults, renderReport } from './report.js';
import { IDLE_CONNECTIONS, LOAD_SCENARIOS, type LoadScenario } from './scenarios.js';
import { SERVERS, type ServerEntry } from './servers/index.js';

/**
 * `pnpm bench`: every selected server in every selected scenario, one server process at a
 * time, servers interleaved round by round so that drift in the machine hits them alike.
 * Says what it measures as it goes, prints the tables at the end, and with `--write` (or
 * BENCH_WRITE=1) writes them to RESULTS.md with the chart beside it, results.svg.
 */

const config = readConfig(process.env, process.argv.slice(2));
const generator = chooseGenerator(config.generator);
const servers = SERVERS.filter((server) => config.servers.includes(server.name));
const scenarios = LOAD_SCENARIOS.filter((scenario) => config.scenarios.includes(scenario.id));
const failures = new Map<string, string>();
const load = new Map<LoadScenario, Map<string, LoadMeasurement[]>>(scenarios.map((s) => [s, new Map()]));
const memory = new Map<string, MemoryMeasurement[]>();

// Each round starts the line-up one place further on, so no server is always first after a restart.
function lineUp(round: number, scenarioId: string): ServerEntry[] {
  const taking = servers.filter(
    (server) => !failures.has(server.name) && server.scenarios.some((id) => id === scenarioId),
  );
  const shift = taking.length === 0 ? 0 : round % taking.length;
  return [...taking.slice(shift), ...taking.slice(0, shift)];
}

function record<T>(into: Map<string, T[]>, name: string, value: T): void {
  const list = into.get(name) ?? [];
  list.push(value);
  into.set(name, list);
}

async function attempt<T>(server: ServerEntry, measure: () => Promise<T>): Promise<T | undefined> {
  try {
    return await measure();
  } catch (error) {
    const message = (error as Error).message;
    failures.set(server.name, message);
    console.log(
      `  ${server.name}: failed, left out of the rest of the run\n    ${message.split('\n').join('\n    ')}`,
    );
    return undefined;
  }
}

console.log(`Load generator: ${generator.describe}`);
console.log(
  `Pinning: ${canPin ? `server on core ${SERVER_CORE} (workers on cores ${WORKER_CORES}), load on core ${LOAD_CORE}` : 'no taskset, not pinned'}`,
);
console.log(
  `Servers: ${servers.map((s) => s.name).join(', ')}; ${config.rounds} rounds of ` +
    `${config.warmupSeconds} s warm-up + ${config.durationSeconds} s\n`,
);

const loadAverage = loadavg();
const startedAt = Date.now();
const runsPerRound =
  scenarios.reduce((sum, scenario) => sum + lineUp(0, scenario.id).length, 0) +
  (config.scenarios.includes('memory') ? lineUp(0, 'memory').length : 0);
// About a second and a half to start and stop a server around each measurement.
const progress = new Progress(
  runsPerRound * config.rounds,
  (config.warmupSeconds + config.durationSeconds + 1.5) * 1000,
);

/** Says what is about to be measured: where the run is, which scenario, which server. */
function announce(what: string): void {
  const line = `  ${progress.describe()} ${what} …`;
  // On a terminal the line is replaced by the result; in a log it stays, one per measurement.
  process.stdout.write(process.stdout.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
}

/** Prints a finished measurement (over the announcement, on a terminal). */
function report(line: string): void {
  progress.step();
  process.stdout.write(process.stdout.isTTY ? `\r\x1b[K${line}\n` : `${line}\n`);
}
for (let round = 0; round < config.rounds; round++) {
  console.log(`Round ${round + 1} of ${config.rounds}`);
  for (const scenario of scenarios) {
    for (const server of lineUp(round, scenario.id)) {
      announce(`${scenario.number}. ${scenario.id} · ${server.name}`);
      const result = await attempt(server, () => measureLoad(server.name, scenario, generator, config));
      if (result === undefined) {
        progress.step();
        continue;
      }
      record(load.get(scenario) ?? new Map(), server.name, result);
      report(
        `  ${scenario.number}. ${scenario.id.padEnd(10)} ${server.name.padEnd(11)} ` +
          `${Math.round(result.requestsPerSecond).toString().padStart(7)} req/s  ` +
          `p99 ${result.latencyP99Ms === undefined ? '–' : `${result.latencyP99Ms.toFixed(2)} ms`}  client CPU ${result.generatorCpuPercent?.toFixed(0) ?? '?'} %` +
          (result.errors > 0 ? `  errors ${result.errors}` : ''),
      );
    }
  }
  if (config.scenarios.includes('memory')) {
    for (const server of lineUp(round, 'memory')) {
      announce(`6. memory · ${server.name}`);
      const result = await attempt(server, () => measureMemory(server.name, IDLE_CONNECTIONS));
      if (result === undefined) {
        progress.step();
        continue;
      }
      record(memory, server.name, result);
      const mib = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / 2 ** 20).toFixed(1));
      report(
        `  6. memory     ${server.name.padEnd(11)} idle ${mib(result.startRssBytes)} MiB, ` +
          `${result.openConnections} conns ${mib(result.idleRssBytes)} MiB`,
      );
    }
  }
}

const results: BenchResults = {
  date: new Date(),
  nodeVersion: process.version,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  generator: generator.describe,
  pipeliningNote: generator.pipeliningNote,
  pinned: canPin,
  loadAverage,
  durationSeconds: config.durationSeconds,
  warmupSeconds: config.warmupSeconds,
  rounds: config.rounds,
  servers,
  load,
  memory,
  failures,
};
const markdown = renderReport(results);
console.log(`\n${markdown}`);
const took = `Took ${Math.round((Date.now() - startedAt) / 1000)} s`;
if (config.write) {
  const chart = renderChart(
    chartGroups(servers, load),
    'Requests per second, as a ratio to node:http (1× dashed)',
  );
  writeFileSync(fileURLToPath(new URL('../results.svg', import.meta.url)), chart);
  writeFileSync(fileURLToPath(new URL('../RESULTS.md', import.meta.url)), markdown);
  console.log(`${took}; written to apps/bench/RESULTS.md and apps/bench/results.svg`);
} else {
  console.log(`${took}; RESULTS.md left as it was (pass --write, or BENCH_WRITE=1, to replace it)`);
}
