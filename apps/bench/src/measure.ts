import { openIdleConnections } from './load/idle.js';
import type { LoadGenerator, LoadResult } from './load/types.js';
import { CpuMeter, peakResidentBytes, residentBytes } from './proc.js';
import type { LoadScenario } from './scenarios.js';
import { startServerProcess } from './server-process.js';

/** One load run of one server in one scenario. */
export interface LoadMeasurement extends LoadResult {
  /** Most resident memory of the server process, warm-up and run included, in bytes. */
  peakRssBytes: number | undefined;
  /** Percent of one core the server used during the measured run. */
  serverCpuPercent: number | undefined;
}

/** One memory run of one server. */
export interface MemoryMeasurement {
  /** Resident memory once started and idle, in bytes. */
  startRssBytes: number | undefined;
  /** Resident memory holding the idle connections, in bytes. */
  idleRssBytes: number | undefined;
  /** Idle connections open when that was read. */
  openConnections: number;
}

/** Starts a fresh server, warms it up, measures one load run, stops it. */
export async function measureLoad(
  serverName: string,
  scenario: LoadScenario,
  generator: LoadGenerator,
  timing: { warmupSeconds: number; durationSeconds: number },
): Promise<LoadMeasurement> {
  const server = await startServerProcess(serverName, { routes: scenario.routes, workers: scenario.workers });
  try {
    await generator.run({ port: server.port, scenario, durationSeconds: timing.warmupSeconds });
    const meter = new CpuMeter(server.pid);
    const result = await generator.run({
      port: server.port,
      scenario,
      durationSeconds: timing.durationSeconds,
    });
    const serverCpuPercent = meter.stop();
    // Under node:cluster the pid is the primary's, which serves nothing: its CPU and memory would mislead.
    if (scenario.workers > 0) return { ...result, serverCpuPercent: undefined, peakRssBytes: undefined };
    return { ...result, serverCpuPercent, peakRssBytes: peakResidentBytes(server.pid) };
  } finally {
    await server.stop();
  }
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a fresh server, reads its memory idle, then again holding `count` idle connections. */
export async function measureMemory(serverName: string, count: number): Promise<MemoryMeasurement> {
  const server = await startServerProcess(serverName);
  try {
    await settle(300);
    const startRssBytes = residentBytes(server.pid);
    const idle = await openIdleConnections(server.port, count);
    // Let the last responses leave and the server's per-connection state settle.
    await settle(500);
    const idleRssBytes = residentBytes(server.pid);
    const openConnections = await idle.close();
    return { startRssBytes, idleRssBytes, openConnections };
  } finally {
    await server.stop();
  }
}
