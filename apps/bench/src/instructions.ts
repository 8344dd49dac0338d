import { hasCallgrind, startUnderCallgrind } from './callgrind.js';
import { readConfig } from './config.js';
import { hasSettled, type InstructionMeasurement, instructionTable } from './instruction-report.js';
import { sendCounted } from './load/counted-load.js';
import { LOAD_SCENARIOS, type LoadScenario } from './scenarios.js';
import { SERVERS } from './servers/index.js';

/**
 * `pnpm bench:instructions`: each selected server in each selected scenario under callgrind,
 * counting the instructions it runs per request once V8 has compiled its hot paths. Unlike
 * req/s, the count does not move with whatever else the machine is doing, so a change of a
 * few percent shows. It counts user space only: the time a server spends in the kernel's
 * read and write is not in it, so for the light scenarios its ratios are wider than the wall
 * clock's. Needs valgrind. BENCH_SERVERS and BENCH_SCENARIOS select as for `pnpm bench`.
 */

const WARMUP_REQUESTS = 20_000;
const WINDOW_REQUESTS = 10_000;
const MAX_WINDOWS = 5;

/** Heavy requests get proportionally fewer: a 1 MiB upload or a gzip run slowly under valgrind. */
function requestsFor(scenario: LoadScenario, requests: number): number {
  const weight = scenario.bodySize > 0 ? 100 : scenario.id === 'gzip' ? 10 : 1;
  return Math.max(scenario.pipelining, Math.round(requests / weight));
}

async function measure(name: string, scenario: LoadScenario): Promise<InstructionMeasurement> {
  const server = await startUnderCallgrind(name, { routes: scenario.routes });
  try {
    // Generous bounds: under valgrind a request takes 20 to 50 times as long.
    await sendCounted(scenario, server.port, requestsFor(scenario, WARMUP_REQUESTS), 600_000);
    const windows: number[] = [];
    const requests = requestsFor(scenario, WINDOW_REQUESTS);
    while (windows.length < MAX_WINDOWS && !hasSettled(windows)) {
      await server.count(true);
      await sendCounted(scenario, server.port, requests, 300_000);
      await server.count(false);
      windows.push((await server.dump()) / requests);
    }
    return { perRequest: windows[windows.length - 1] as number, windows, settled: hasSettled(windows) };
  } finally {
    await server.stop();
  }
}

if (!hasCallgrind()) {
  console.error('pnpm bench:instructions needs valgrind (apt-get install -y valgrind).');
  process.exit(1);
}
const config = readConfig(process.env, process.argv.slice(2));
const servers = SERVERS.filter((server) => config.servers.includes(server.name));
// One process per scenario here: the multi-core scenario has no single count.
const scenarios = LOAD_SCENARIOS.filter(
  (scenario) => config.scenarios.includes(scenario.id) && scenario.workers === 0,
);
const tables: string[] = [];
const startedAt = Date.now();
for (const scenario of scenarios) {
  const rows: Parameters<typeof instructionTable>[0][number][] = [];
  for (const server of servers.filter((entry) => entry.scenarios.includes(scenario.id))) {
    process.stdout.write(`  ${scenario.number}. ${scenario.id} · ${server.name} … `);
    try {
      const measurement = await measure(server.name, scenario);
      rows.push({ label: server.label, name: server.name, measurement });
      console.log(`${Math.round(measurement.perRequest).toLocaleString('en-US')} instructions per request`);
    } catch (error) {
      console.log(`failed: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  tables.push(`### ${scenario.number}. ${scenario.title}\n\n${instructionTable(rows)}`);
}
console.log(`\n${tables.join('\n\n')}`);
console.log(`\nTook ${Math.round((Date.now() - startedAt) / 1000)} s`);
