import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { HOST } from '../payloads.js';
import type { LoadResult, LoadRun } from './types.js';

/**
 * Runs one autocannon load in this process and prints its result as one JSON line.
 * It is its own process so the generator's CPU is not the runner's, and can be pinned.
 */

/** The line the result is printed on. */
export const AUTOCANNON_RESULT = 'AUTOCANNON_RESULT ';

async function main(run: LoadRun): Promise<void> {
  const { scenario } = run;
  // Measured around the load alone, leaving out node's start-up and module loading.
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await autocannon({
    url: `http://${HOST}:${run.port}${scenario.path}`,
    connections: scenario.connections,
    pipelining: scenario.pipelining,
    duration: run.durationSeconds,
    method: scenario.method,
    headers: { ...scenario.headers },
    ...(scenario.bodySize > 0 ? { body: Buffer.alloc(scenario.bodySize, 'x') } : {}),
  });
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  const summary: LoadResult = {
    requestsPerSecond: result.requests.total / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    generatorCpuPercent: (100 * (cpu.user + cpu.system)) / 1000 / wallMs,
  };
  process.stdout.write(`${AUTOCANNON_RESULT}${JSON.stringify(summary)}\n`);
}

const argument = process.argv[2];
if (process.argv[1] === fileURLToPath(import.meta.url) && argument !== undefined) {
  await main(JSON.parse(argument) as LoadRun);
}
