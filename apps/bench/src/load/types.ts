import type { LoadScenario } from '../scenarios.js';

/** One bounded load run against a server on 127.0.0.1. */
export interface LoadRun {
  port: number;
  scenario: LoadScenario;
  durationSeconds: number;
}

/** What a load run measured. Latencies are in milliseconds; undefined where the generator cannot tell. */
export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number | undefined;
  latencyP99Ms: number | undefined;
  /** Socket errors, timeouts and non-2xx answers: any of them makes the run suspect. */
  errors: number;
  /** Percent of one core the generator process used; near 100 means the client was the limit. */
  generatorCpuPercent: number | undefined;
}

/** A load generator, run in its own process pinned to the load core. */
export interface LoadGenerator {
  /** Its name and version, for the report. */
  describe: string;
  /** What its latency means under pipelining, for the report. */
  pipeliningNote: string;
  run(run: LoadRun): Promise<LoadResult>;
}
