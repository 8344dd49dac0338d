import type { LoadMeasurement, MemoryMeasurement } from './measure.js';
import { DIFFERENCES } from './notes.js';
import { LOAD_CORE, SERVER_CORE, WORKER_CORES } from './processes.js';
import { IDLE_CONNECTIONS, type LoadScenario } from './scenarios.js';
import type { ServerEntry } from './servers/index.js';
import { median } from './stats.js';

/** Everything a run measured, and what it ran on. */
export interface BenchResults {
  date: Date;
  nodeVersion: string;
  cpuModel: string;
  cores: number;
  generator: string;
  pipeliningNote: string;
  pinned: boolean;
  /** `os.loadavg()` when the run started: other work on the machine shows here. */
  loadAverage: readonly number[];
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  servers: readonly ServerEntry[];
  load: ReadonlyMap<LoadScenario, ReadonlyMap<string, readonly LoadMeasurement[]>>;
  memory: ReadonlyMap<string, readonly MemoryMeasurement[]>;
  /** Servers that could not be run, and why. */
  failures: ReadonlyMap<string, string>;
}

const MiB = 1024 * 1024;

function fixed(value: number | undefined, digits: number): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

function thousands(value: number | undefined): string {
  return value === undefined ? '–' : Math.round(value).toLocaleString('en-US');
}

function ratio(value: number | undefined, reference: number | undefined): string {
  return value === undefined || reference === undefined || reference === 0
    ? '–'
    : `${(value / reference).toFixed(2)}×`;
}

// Lowest and highest req/s over rounds, in thousands: a wide range means a disturbed run.
function spread(values: readonly number[]): string {
  if (values.length < 2) return '–';
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const digits = low < 10_000 ? 1 : 0;
  return `${(low / 1000).toFixed(digits)}–${(high / 1000).toFixed(digits)}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = line(header.map((_, index) => (index === 0 ? '---' : '---:')));
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function loadTable(results: BenchResults, runs: ReadonlyMap<string, readonly LoadMeasurement[]>): string {
  const rate = (name: string) => median((runs.get(name) ?? []).map((run) => run.requestsPerSecond));
  const nodeRate = rate('node-http');
  const ceilingRate = rate('ceiling');
  const rows = results.servers.flatMap((server) => {
    const measured = runs.get(server.name);
    if (measured === undefined || measured.length === 0) return [];
    const cell = (field: (run: LoadMeasurement) => number | undefined, digits: number, scale = 1) => {
      const value = median(measured.map(field));
      return fixed(value === undefined ? undefined : value / scale, digits);
    };
    return [
      [
        server.label,
        thousands(rate(server.name)),
        spread(measured.map((run) => run.requestsPerSecond)),
        cell((run) => run.latencyP50Ms, 2),
        cell((run) => run.latencyP99Ms, 2),
        cell((run) => run.peakRssBytes, 1, MiB),
        cell((run) => run.serverCpuPercent, 0),
        cell((run) => run.generatorCpuPercent, 0),
        ratio(rate(server.name), nodeRate),
        ratio(rate(server.name), ceilingRate),
        String(measured.reduce((sum, run) => sum + run.errors, 0)),
      ],
    ];
  });
  const header = [
    'server',
    'req/s',
    'range k',
    'p50 ms',
    'p99 ms',
    'peak RSS MiB',
    'server CPU %',
    'client CPU %',
    'vs node:http',
    'vs ceiling',
    'errors',
  ];
  return table(header, rows);
}

function memoryTable(results: BenchResults): string {
  const rows = results.servers.flatMap((server) => {
    const measured = results.memory.get(server.name);
    if (measured === undefined || measured.length === 0) return [];
    const start = median(measured.map((run) => run.startRssBytes));
    const idle = median(measured.map((run) => run.idleRssBytes));
    const open = median(measured.map((run) => run.openConnections));
    const peaks = [...results.load.values()].map((runs) =>
      median((runs.get(server.name) ?? []).map((run) => run.peakRssBytes)),
    );
    const peak = peaks.reduce<number | undefined>(
      (most, value) => (value === undefined ? most : Math.max(most ?? 0, value)),
      undefined,
    );
    const perConnection =
      start === undefined || idle === undefined || !open ? undefined : (idle - start) / open / 1024;
    return [
      [
        server.label,
        fixed(start === undefined ? undefined : start / MiB, 1),
        fixed(idle === undefined ? undefined : idle / MiB, 1),
        fixed(perConnection, 1),
        thousands(open),
        fixed(peak === undefined ? undefined : peak / MiB, 1),
      ],
    ];
  });
  const header = [
    'server',
    'RSS idle MiB',
    `RSS with ${IDLE_CONNECTIONS.toLocaleString('en-US')} idle conns MiB`,
    'KiB per conn',
    'conns open at reading',
    'peak RSS under load MiB',
  ];
  return table(header, rows);
}

function memorySection(results: BenchResults): string[] {
  return [
    `## 6. Memory: idle, with ${IDLE_CONNECTIONS.toLocaleString('en-US')} idle keep-alive connections, and peak under load`,
    '',
    memoryTable(results),
    '',
    'Each idle connection sent one `GET /echo/hello` and read its answer, then stayed open. ' +
      'Peak RSS under load is the highest, over the load scenarios run, of the median VmHWM.',
    '',
  ];
}

/** The whole report as markdown. */
export function renderReport(results: BenchResults): string {
  const parts = [
    '# Skiff benchmark results',
    '',
    `- Date: ${results.date.toISOString()}`,
    `- Node: ${results.nodeVersion}`,
    `- CPU: ${results.cpuModel}, ${results.cores} cores`,
    `- Load generator: ${results.generator}; ${results.pipeliningNote}`,
    `- Pinning: ${results.pinned ? `server on core ${SERVER_CORE} (the workers of scenario 10 on cores ${WORKER_CORES}), load generator on core ${LOAD_CORE} (taskset)` : 'none (no taskset)'}`,
    `- Load average before the run: ${results.loadAverage.map((value) => value.toFixed(2)).join(', ')} ` +
      '(1, 5, 15 min); other work on the machine makes the numbers noisy',
    `- Each run: a fresh server, ${results.warmupSeconds} s warm-up, ${results.durationSeconds} s measured; ` +
      `${results.rounds} rounds, servers interleaved; the tables show medians over rounds (errors: the sum).`,
    '- CPU columns are percent of one core during the measured run; a client near 100 % means the ' +
      'generator, not the server, was the limit. A wide "range k" (lowest–highest req/s over rounds, in ' +
      'thousands) means other work on the machine disturbed some rounds.',
    '',
  ];
  parts.push(
    '![Requests per second of each server as a ratio to node:http, per scenario](./results.svg)',
    '',
  );
  const sections: { number: number; lines: string[] }[] = [];
  for (const [scenario, runs] of results.load) {
    sections.push({
      number: scenario.number,
      lines: [`## ${scenario.number}. ${scenario.title}`, '', loadTable(results, runs), ''],
    });
  }
  if (results.memory.size > 0) {
    sections.push({ number: 6, lines: memorySection(results) });
  }
  // In the README's numbering: memory is 6, between the load scenarios 1–5 and the routing ones 7–9.
  for (const section of sections.sort((a, b) => a.number - b.number)) parts.push(...section.lines);
  if (results.failures.size > 0) {
    parts.push('## Not run', '');
    for (const [name, why] of results.failures) parts.push(`- ${name}: ${why.split('\n')[0]}`);
    parts.push('');
  }
  parts.push('## Where the servers differ', '', ...DIFFERENCES.map((note) => `- ${note}`), '');
  return parts.join('\n');
}
