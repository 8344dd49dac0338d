import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readConfig } from './config.js';
import { chooseGenerator } from './load/generator.js';
import { type LoadMeasurement, type MemoryMeasurement, measureLoad, measureMemory } from './measure.js';
import { canPin } from './processes.js';
import { type BenchResults, renderReport } from './report.js';
import { IDLE_CONNECTIONS, LOAD_SCENARIOS, type LoadScenario } from './scenarios.js';
import { SERVERS, type ServerEntry } from './servers/index.js';

/**
 * `pnpm bench`: every selected server in every selected scenario, one server process at a
 * time, servers interleaved round by round so that drift in the machine hits them alike.
 * Prints each run as it ends and the tables at the end, and writes them to RESULTS.md.
 */

const config = readConfig(process.env);
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
console.log(`Pinning: ${canPin ? 'server on core 0, load on core 1' : 'no taskset, not pinned'}`);
console.log(
  `Servers: ${servers.map((s) => s.name).join(', ')}; ${config.rounds} rounds of ` +
    `${config.warmupSeconds} s warm-up + ${config.durationSeconds} s\n`,
);

const loadAverage = loadavg();
const startedAt = Date.now();
for (let round = 0; round < config.rounds; round++) {
  console.log(`Round ${round + 1} of ${config.rounds}`);
  for (const scenario of scenarios) {
    for (const server of lineUp(round, scenario.id)) {
      const result = await attempt(server, () => measureLoad(server.name, scenario, generator, config));
      if (result === undefined) continue;
      record(load.get(scenario) ?? new Map(), server.name, result);
      console.log(
        `  ${scenario.number}. ${scenario.id.padEnd(10)} ${server.name.padEnd(11)} ` +
          `${Math.round(result.requestsPerSecond).toString().padStart(7)} req/s  ` +
          `p99 ${result.latencyP99Ms === undefined ? '–' : `${result.latencyP99Ms.toFixed(2)} ms`}  client CPU ${result.generatorCpuPercent?.toFixed(0) ?? '?'} %` +
          (result.errors > 0 ? `  errors ${result.errors}` : ''),
      );
    }
  }
  if (config.scenarios.includes('memory')) {
    for (const server of lineUp(round, 'memory')) {
      const result = await attempt(server, () => measureMemory(server.name, IDLE_CONNECTIONS));
      if (result === undefined) continue;
      record(memory, server.name, result);
      const mib = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / 2 ** 20).toFixed(1));
      console.log(
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
const report = renderReport(results);
writeFileSync(fileURLToPath(new URL('../RESULTS.md', import.meta.url)), report);
console.log(`\n${report}`);
console.log(`Took ${Math.round((Date.now() - startedAt) / 1000)} s; written to apps/bench/RESULTS.md`);
