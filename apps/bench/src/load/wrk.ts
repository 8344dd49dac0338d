import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST } from '../payloads.js';
import { CpuMeter } from '../proc.js';
import { collectOutput, LOAD_CORE, spawnPinned } from '../processes.js';
import type { LoadScenario } from '../scenarios.js';
import type { LoadGenerator, LoadResult, LoadRun } from './types.js';

/** wrk, driven by a Lua script that sets the request, pipelines it and prints its summary as JSON. */

const RESULT_PREFIX = 'WRK_RESULT ';

// JSON's string escapes are valid Lua for the plain ASCII the scenarios send.
function luaString(text: string): string {
  return JSON.stringify(text);
}

/** The Lua script for one scenario. */
export function wrkScript(scenario: LoadScenario): string {
  const lines = [`wrk.method = ${luaString(scenario.method)}`];
  for (const [name, value] of Object.entries(scenario.headers)) {
    lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  }
  if (scenario.bodySize > 0) lines.push(`wrk.body = string.rep("x", ${scenario.bodySize})`);
  if (scenario.pipelining > 1) {
    // wrk counts the requests in what request() returns and waits for as many responses.
    lines.push(
      'local batch',
      `init = function(args) batch = string.rep(wrk.format(), ${scenario.pipelining}) end`,
      'request = function() return batch end',
    );
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    `  io.write(string.format('${RESULT_PREFIX}{"requests":%.0f,"durationUs":%.0f,"p50Us":%.0f,"p99Us":%.0f,"errors":%.0f}\\n',`,
    '    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),',
    '    e.connect + e.read + e.write + e.timeout + e.status))',
    'end',
  );
  return `${lines.join('\n')}\n`;
}

interface WrkSummary {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  errors: number;
}

function parseSummary(output: string): WrkSummary {
  const line = output.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
  if (line === undefined) throw new Error(`wrk printed no summary:\n${output}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as WrkSummary;
}

/** The installed wrk's version line, or undefined when there is no wrk. */
export function wrkVersion(): string | undefined {
  const probe = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if (probe.error !== undefined) return undefined;
  const match = `${probe.stdout}${probe.stderr}`.match(/wrk (\S+)/);
  return match === null ? undefined : `wrk ${match[1]}`;
}

async function runWrk(run: LoadRun): Promise<LoadResult> {
  const folder = mkdtempSync(join(tmpdir(), 'skiff-bench-'));
  const script = join(folder, `${run.scenario.id}.lua`);
  writeFileSync(script, wrkScript(run.scenario));
  try {
    const args = [
      '-t1',
      `-c${run.scenario.connections}`,
      `-d${run.durationSeconds}s`,
      '--timeout',
      '10s',
      '-s',
      script,
      `http://${HOST}:${run.port}${run.scenario.path}`,
    ];
    // One thread: the generator has one core of its own, the server the other.
    const child = spawnPinned('wrk', args, LOAD_CORE);
    const meter = child.pid === undefined ? undefined : new CpuMeter(child.pid);
    const output = await collectOutput(child, (run.durationSeconds + 15) * 1000);
    const generatorCpuPercent = meter?.stop();
    const summary = parseSummary(output);
    // wrk corrects its histogram for coordinated omission assuming one request per round trip;
    // with pipelining that guess is 16 times off and its percentiles come out wrong (even 0).
    const latencies = run.scenario.pipelining === 1;
    return {
      requestsPerSecond: summary.requests / (summary.durationUs / 1e6),
      latencyP50Ms: latencies ? summary.p50Us / 1000 : undefined,
      latencyP99Ms: latencies ? summary.p99Us / 1000 : undefined,
      errors: summary.errors,
      generatorCpuPercent,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** wrk as a load generator; `version` from `wrkVersion()`. */
export function wrkGenerator(version: string): LoadGenerator {
  return {
    describe: `${version} (1 thread)`,
    pipeliningNote:
      'no latencies under pipelining: wrk times whole batches and its coordinated-omission correction then skews them',
    run: runWrk,
  };
}
