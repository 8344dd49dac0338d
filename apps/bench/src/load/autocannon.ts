import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { collectOutput, LOAD_CORE, spawnPinned } from '../processes.js';
import { AUTOCANNON_RESULT } from './autocannon-worker.js';
import type { LoadGenerator, LoadResult, LoadRun } from './types.js';

/** autocannon, each run in a worker process of its own. */

const worker = fileURLToPath(new URL('./autocannon-worker.js', import.meta.url));

async function runAutocannon(run: LoadRun): Promise<LoadResult> {
  const child = spawnPinned(process.execPath, [worker, JSON.stringify(run)], LOAD_CORE);
  const output = await collectOutput(child, (run.durationSeconds + 15) * 1000);
  const line = output.split('\n').find((candidate) => candidate.startsWith(AUTOCANNON_RESULT));
  if (line === undefined) throw new Error(`autocannon printed no result:\n${output}`);
  return JSON.parse(line.slice(AUTOCANNON_RESULT.length)) as LoadResult;
}

function autocannonVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('autocannon/package.json') as { version: string }).version;
}

/** autocannon as a load generator. */
export function autocannonGenerator(): LoadGenerator {
  return {
    describe: `autocannon ${autocannonVersion()} (node ${process.version}, one process)`,
    pipeliningNote: 'with pipelining, autocannon times each response from the write of its request',
    run: runAutocannon,
  };
}
