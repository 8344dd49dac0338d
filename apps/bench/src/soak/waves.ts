import {
  addTally,
  Crowd,
  emptyTally,
  idleClient,
  inLanes,
  pipeliner,
  slowlorisClient,
  type Tally,
  uploader,
} from './clients.js';
import type { WaveCounts } from './config.js';
import type { SoakServer } from './server-handle.js';

/** Connections of one kind being set up at once: quick, without flooding the accept queue. */
const LANES = 100;
/** How often the server is asked, at the end of a wave, whether it still holds connections. */
const POLL_MS = 250;
/** A round does not start a wave with less time than this left. */
const SHORTEST_WAVE_MS = 3000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * One wave: every kind of hostile client at once, `counts` of each. The wave is over when
 * the server's own clocks have cut them all (it holds no connection), or at `ceilingMs`;
 * then whatever the clients still hold is destroyed.
 */
export async function runWave(
  server: Pick<SoakServer, 'port' | 'connections'>,
  counts: WaveCounts,
  ceilingMs: number,
): Promise<Tally> {
  const crowd = new Crowd(server.port);
  const deadline = Date.now() + ceilingMs;
  try {
    const opening = Promise.all([
      inLanes(counts.idle, LANES, deadline, () => idleClient(crowd)),
      inLanes(counts.slowloris, LANES, deadline, () => slowlorisClient(crowd)),
      inLanes(counts.pipeliners, LANES, deadline, () => pipeliner(crowd, counts.pipelined)),
      inLanes(counts.uploads, LANES, deadline, () => uploader(crowd)),
    ]);
    await Promise.race([opening, sleep(deadline - Date.now())]);
    while (Date.now() < deadline && (await server.connections()) > 0) await sleep(POLL_MS);
  } finally {
    crowd.destroyAll();
  }
  return crowd.tally;
}

/** Waves one after another for `seconds`; `onWave` hears of each as it ends. */
export async function runRound(
  server: Pick<SoakServer, 'port' | 'connections'>,
  counts: WaveCounts,
  seconds: number,
  waveSeconds: number,
  onWave: (wave: number, tally: Tally, waveMs: number) => void,
): Promise<Tally> {
  const total = emptyTally();
  const end = Date.now() + seconds * 1000;
  for (let wave = 1; end - Date.now() >= SHORTEST_WAVE_MS || wave === 1; wave++) {
    const startedAt = Date.now();
    const tally = await runWave(
      server,
      counts,
      Math.min(waveSeconds * 1000, Math.max(end - startedAt, SHORTEST_WAVE_MS)),
    );
    addTally(total, tally);
    onWave(wave, tally, Date.now() - startedAt);
  }
  return total;
}
