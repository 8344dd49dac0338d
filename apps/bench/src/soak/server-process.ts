import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { ClientError, createServer } from '@skiff/core';
import { HOST } from '../payloads.js';
import type { FromServer, MemorySample, ToServer } from './messages.js';
import { GET_BODY_SIZE, SOAK_LIMITS } from './workload.js';

/**
 * The server under soak, in a process of its own so that only its memory is measured:
 * `node --expose-gc dist/soak/server-process.js <snapshot dir>`, forked with an IPC
 * channel. It answers GET with a 64 KiB body and POST at once, without reading the body;
 * it measures itself (and writes heap snapshots) when the soak asks.
 */

/** Full collections before a measurement, and the pause after each (finalizers and freed handles run in it). */
const GC_PASSES = 4;
const GC_PAUSE_MS = 250;

const body = Buffer.alloc(GET_BODY_SIZE, 'x');
const clientErrors: Record<string, number> = {};
const snapshotDir = process.argv[2] ?? '.';

const server = createServer((request, response) => {
  if (request.method === 'POST') {
    // The body is left unread on purpose: the connection drains or closes it, not the handler.
    response.setHeader('Content-Type', 'text/plain');
    response.end('ok\n');
    return;
  }
  response.setHeader('Content-Type', 'application/octet-stream');
  response.end(body);
}, SOAK_LIMITS);

server.on('clientError', (error: Error) => {
  const code = error instanceof ClientError ? error.code : error.name;
  clientErrors[code] = (clientErrors[code] ?? 0) + 1;
});

function send(message: FromServer): void {
  process.send?.(message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function connections(): Promise<number> {
  return new Promise((resolve, reject) =>
    server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}

/** A `Name:   123 kB` field of /proc/self/status, in bytes. */
function statusBytes(status: string | undefined, field: string): number | undefined {
  const match = status?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
}

/** Resident bytes of the `[heap]` mapping in /proc/self/smaps. */
function brkHeapBytes(): number | undefined {
  let smaps: string;
  try {
    smaps = readFileSync('/proc/self/smaps', 'latin1');
  } catch {
    return undefined;
  }
  const start = smaps.search(/ \[heap\]\n/);
  if (start === -1) return 0;
  const match = smaps.slice(start).match(/^Rss:\s+(\d+) kB/m);
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
}

function readStatus(): string | undefined {
  try {
    return readFileSync('/proc/self/status', 'latin1');
  } catch {
    return undefined;
  }
}

async function collectGarbage(): Promise<void> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('gc() is missing: start the server process with --expose-gc');
  for (let pass = 0; pass < GC_PASSES; pass++) {
    gc();
    await sleep(GC_PAUSE_MS);
  }
}

async function measure(label: string, collect: boolean, snapshot: boolean): Promise<MemorySample> {
  if (collect) await collectGarbage();
  const usage = process.memoryUsage();
  const status = readStatus();
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  const sample: MemorySample = {
    label,
    rss: usage.rss,
    heapTotal: usage.heapTotal,
    heapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    newSpace: newSpace?.space_size ?? 0,
    peakRss: statusBytes(status, 'VmHWM'),
    rssAnon: statusBytes(status, 'RssAnon'),
    brkHeap: brkHeapBytes(),
    connections: await connections(),
    clientErrors: { ...clientErrors },
  };
  if (snapshot) {
    const name = `${label.replace(/[^a-z0-9]+/gi, '-')}.heapsnapshot`;
    sample.snapshotPath = writeHeapSnapshot(join(snapshotDir, name));
    sample.rssAfterSnapshot = process.memoryUsage.rss();
  }
  return sample;
}

async function obey(command: ToServer): Promise<void> {
  try {
    if (command.type === 'connections') {
      send({ type: 'connections', id: command.id, count: await connections() });
    } else {
      const sample = await measure(command.label, command.gc, command.snapshot);
      send({ type: 'measured', id: command.id, sample });
    }
  } catch (error) {
    send({ type: 'failed', id: command.id, message: (error as Error).message });
  }
}

process.on('message', (command: ToServer) => {
  void obey(command);
});
// The soak going away (or its channel closing) ends the server too: nothing is left behind.
process.on('disconnect', () => process.exit(0));

server.listen(0, HOST, () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  send({ type: 'listening', port: address.port });
});
