import { compareGroups, HeapSnapshot } from './heap-snapshot.js';
import type { MemorySample } from './messages.js';
import { growthTable, watchTable } from './report.js';
import { mib } from './verdict.js';

/**
 * The heap snapshots of a soak side by side: their totals, what grew from the first to the
 * last (and from the first round to the last), what is left of the objects a connection is
 * made of, and who holds the objects of a kind that grew.
 */

/** Growths printed from each snapshot comparison. */
const TOP_GROWTHS = 15;
/** What a connection is made of: after the load, none of them should be left. */
const CONNECTION_OBJECTS = [
  'Connection',
  'Request',
  'Response',
  'BodyStream',
  'RequestParser',
  'Reader',
  'Writer',
  'Socket',
  'TCP',
  'WriteWrap',
  'ShutdownWrap',
  'Timeout',
  'AsyncResource',
];
/** A group that gained at least this many objects gets its retainer chain printed. */
const CHAIN_MIN_NEW_OBJECTS = 50;
/** Objects of a group whose chains are looked at, to find one not held by the stack alone. */
const CHAIN_CANDIDATES = 5;
/** Groups whose retainer chains are printed, at most. */
const CHAINS = 3;

/** Groups named in the verdict as what grew. */
const NAMED_GROWTHS = 5;

/** What the snapshots say, for the verdict. */
export interface SnapshotFindings {
  /** Each snapshot's total self size, in order. */
  totals: number[];
  /** What grew most (from round 1 to the last when there are two rounds or more, else from the start), e.g. `Connection +3200 (+1250.0 KiB)`. */
  grown: string[];
}

/**
 * Prints the comparison of the snapshots the samples point to; returns what it found, or
 * undefined when some sample has no snapshot.
 */
export function compareSnapshots(measured: readonly MemorySample[]): SnapshotFindings | undefined {
  if (measured.some((sample) => sample.snapshotPath === undefined)) return undefined;
  console.log('\nHeap snapshots (self size of every node, summed)');
  const snapshots = measured.map((sample) => {
    const snapshot = HeapSnapshot.read(sample.snapshotPath as string);
    console.log(
      `  ${sample.label.padEnd(14)} ${mib(snapshot.totalSize).padStart(10)} in ${snapshot.nodeCount} nodes`,
    );
    return snapshot;
  });
  const first = snapshots[0] as HeapSnapshot;
  const last = snapshots.at(-1) as HeapSnapshot;
  const fromStart = compareGroups(first, last);
  console.log(
    `\nTop ${TOP_GROWTHS} growths, start → ${measured.at(-1)?.label}:\n${growthTable(fromStart, TOP_GROWTHS)}`,
  );
  let latest = fromStart;
  if (snapshots.length > 2) {
    latest = compareGroups(snapshots[1] as HeapSnapshot, last);
    console.log(
      `\nTop ${TOP_GROWTHS} growths, ${measured[1]?.label} → ${measured.at(-1)?.label}:\n${growthTable(latest, TOP_GROWTHS)}`,
    );
  }
  const groups = snapshots.map((snapshot) => snapshot.groups());
  console.log(
    `\nObjects a connection is made of, left in each snapshot:\n${watchTable(
      CONNECTION_OBJECTS,
      measured.map((sample) => sample.label),
      groups,
    )}`,
  );
  // V8's own bookkeeping ('(compiled code)', 'system / ...') grows as code is optimised; the app's objects are the suspects.
  const suspects = fromStart
    .filter(
      (change) =>
        !change.name.startsWith('(') &&
        !change.name.startsWith('system / ') &&
        change.after.count - change.before.count >= CHAIN_MIN_NEW_OBJECTS,
    )
    .sort((a, b) => b.after.size - b.before.size - (a.after.size - a.before.size))
    .slice(0, CHAINS);
  for (const suspect of suspects) {
    const chains = last
      .newNodesOf(suspect.name, first.idsOf(suspect.name), CHAIN_CANDIDATES)
      .map((node) => last.retainerChain(node))
      .filter((chain) => chain !== undefined);
    // An object a register happened to hold when the snapshot was taken says nothing about what keeps the others.
    const chain = chains.find((candidate) => !candidate.includes('(Stack roots)')) ?? chains[0];
    console.log(
      `\nA ${suspect.name} born during the load (+${suspect.after.count - suspect.before.count}), held by:\n  ${chain ?? 'nothing reachable from the roots'}`,
    );
  }
  const grown = latest
    .filter((change) => change.after.size > change.before.size)
    .sort((a, b) => b.after.size - b.before.size - (a.after.size - a.before.size))
    .slice(0, NAMED_GROWTHS)
    .map(
      (change) =>
        `${change.name} ${change.after.count - change.before.count >= 0 ? '+' : ''}${change.after.count - change.before.count} ` +
        `(+${((change.after.size - change.before.size) / 1024).toFixed(1)} KiB)`,
    );
  return { totals: snapshots.map((snapshot) => snapshot.totalSize), grown };
}
