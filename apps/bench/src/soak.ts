import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { warmUp } from './soak/clients.js';
import { compareSnapshots } from './soak/compare-snapshots.js';
import { fitToFileLimit, openFileLimit, readSoakConfig } from './soak/config.js';
import { haveGdb, mallocTrim } from './soak/malloc-trim.js';
import type { MemorySample } from './soak/messages.js';
import { clientErrorLine, memoryTable, tallyLine } from './soak/report.js';
import { type SoakServer, startSoakServer } from './soak/server-handle.js';
import { judge, mib } from './soak/verdict.js';
import { runRound } from './soak/waves.js';
import { SOAK_LIMITS, UPLOAD_SIZE } from './soak/workload.js';

/**
 * `pnpm soak`: does a Skiff server give its memory back after hostile load? A server
 * process (its memory alone is measured) is warmed up, measured, put through rounds of
 * waves of idle, slowloris, non-reading pipelining and unread-upload clients, and measured
 * again once every client is gone and garbage is collected; heap snapshots taken at each
 * measurement are compared by constructor, and a verdict says leak or allocator.
 */

/** The labels of the samples taken after a quiet while, and then after malloc_trim(0). */
const QUIET = 'after quiet';
const TRIMMED = 'after malloc_trim';
/** Time the server may take to drop its connections once the clients are gone. */
const DRAIN_TIMEOUT_MS = 30_000;

const config = readSoakConfig(process.env);
const { counts, note } = fitToFileLimit(config.counts, openFileLimit());

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function soak(server: SoakServer): Promise<MemorySample[]> {
  await warmUp(server.port, 4, 25, 5);
  const left = await server.waitForNoConnections(DRAIN_TIMEOUT_MS);
  if (left > 0) console.log(`warning: ${left} warm-up connections still open at the baseline`);
  const start = await server.measure('start', { gc: true, snapshot: config.snapshots });
  const samples = [start];
  console.log(
    `Baseline after warm-up: RSS ${mib(start.rss)}, heapUsed ${mib(start.heapUsed)}, external ${mib(start.external)}` +
      (start.rssAfterSnapshot === undefined
        ? ''
        : ` (RSS ${mib(start.rssAfterSnapshot)} after writing the snapshot)`),
  );

  for (let round = 1; round <= config.rounds; round++) {
    console.log(`\nRound ${round} of ${config.rounds}: ${config.roundSeconds} s of waves`);
    const roundStart = Date.now();
    const tally = await runRound(
      server,
      counts,
      config.roundSeconds,
      config.waveSeconds,
      (wave, waveTally, ms) => console.log(`  wave ${wave} (${seconds(ms)}): ${tallyLine(waveTally)}`),
    );
    const clientsGoneAt = Date.now();
    const remaining = await server.waitForNoConnections(DRAIN_TIMEOUT_MS);
    const drainMs = Date.now() - clientsGoneAt;
    const drained = await server.measure(`round ${round}, drained`, { gc: false, snapshot: false });
    console.log(`  round: ${tallyLine(tally)}`);
    console.log(`  server's client faults: ${clientErrorLine(samples.at(-1) ?? start, drained)}`);
    console.log(
      `  load ${seconds(clientsGoneAt - roundStart)}; server at ${remaining} connections ${seconds(drainMs)} after the last client went; ` +
        `RSS ${mib(drained.rss)}, heapUsed ${mib(drained.heapUsed)} before GC`,
    );
    if (remaining > 0)
      console.log(`  warning: the server still holds ${remaining} connections with every client gone`);
    await sleep(config.settleSeconds * 1000);
    samples.push(
      drained,
      await server.measure(`after round ${round}`, { gc: true, snapshot: config.snapshots }),
    );
  }
  await sleep(config.quietSeconds * 1000);
  samples.push(await server.measure(QUIET, { gc: true, snapshot: false }));
  if (config.mallocTrim) {
    const why = haveGdb() ? mallocTrim(server.pid) : 'gdb is not installed';
    if (why === undefined) samples.push(await server.measure(TRIMMED, { gc: false, snapshot: false }));
    else console.log(`\nmalloc_trim(0) skipped: ${why}`);
  }
  return samples;
}

const snapshotDir = mkdtempSync(join(tmpdir(), 'skiff-soak-'));
console.log(`Node ${process.version}; server flags: --expose-gc ${config.nodeFlags.join(' ')}`.trimEnd());
console.log(
  `Server env: ${
    Object.entries(config.childEnv)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ') || '(inherited)'
  }; limits: ${JSON.stringify(SOAK_LIMITS)}`,
);
console.log(
  `Per wave: ${counts.idle} idle, ${counts.slowloris} slowloris, ${counts.pipeliners} pipeliners × ${counts.pipelined} GETs, ` +
    `${counts.uploads} uploads of ${mib(UPLOAD_SIZE)}; ${config.rounds} round${config.rounds === 1 ? '' : 's'} of ${config.roundSeconds} s (waves ≤ ${config.waveSeconds} s)`,
);
if (note !== undefined) console.log(note);

function removeSnapshots(): void {
  if (config.keepSnapshots) console.log(`\nHeap snapshots kept in ${snapshotDir}`);
  else rmSync(snapshotDir, { recursive: true, force: true });
}

let server: SoakServer;
try {
  server = await startSoakServer(config.nodeFlags, config.childEnv, snapshotDir);
} catch (error) {
  removeSnapshots();
  throw error;
}
console.log(`Server process ${server.pid} on port ${server.port}; heap snapshots in ${snapshotDir}\n`);
process.once('SIGINT', () => {
  void server.stop().then(() => {
    removeSnapshots();
    process.exit(130);
  });
});
let failed = false;
try {
  const samples = await soak(server);
  console.log(
    `\nServer memory (${new Date().toISOString().slice(0, 10)}; "drained": no connection left, before GC; ` +
      `"after": after GC; "${QUIET}": ${config.quietSeconds} s later):\n${memoryTable(samples)}`,
  );
  const measured = samples.filter(
    (sample) => sample.label === 'start' || sample.label.startsWith('after round'),
  );
  const quiet = samples.find((sample) => sample.label === QUIET);
  const trimmed = samples.find((sample) => sample.label === TRIMMED);
  const findings = compareSnapshots(measured);
  const [start, ...rounds] = measured;
  if (start === undefined) throw new Error('nothing was measured');
  const verdict = judge({
    start,
    rounds,
    snapshotTotals: findings?.totals,
    grown: findings?.grown,
    quiet,
    trimmed,
  });
  console.log(`\nVerdict: ${verdict.kind}`);
  for (const reason of verdict.reasons) console.log(`  - ${reason}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await server.stop();
  removeSnapshots();
}
process.exit(failed ? 1 : 0);
