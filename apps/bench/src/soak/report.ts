import type { Tally } from './clients.js';
import type { GroupChange } from './heap-snapshot.js';
import type { MemorySample } from './messages.js';
import { mib } from './verdict.js';

/** The text the soak prints: memory tables, client tallies, heap growths. */

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** One line per sample: process.memoryUsage() and what /proc adds. */
export function memoryTable(samples: readonly MemorySample[]): string {
  return table(
    [
      '',
      'RSS',
      'heapTotal',
      'heapUsed',
      'new space',
      'external',
      'arrayBuffers',
      'malloc [heap]',
      'other anon',
      'peak RSS',
      'conns',
    ],
    samples.map((sample) => [
      sample.label,
      mib(sample.rss),
      mib(sample.heapTotal),
      mib(sample.heapUsed),
      mib(sample.newSpace),
      mib(sample.external),
      mib(sample.arrayBuffers),
      mib(sample.brkHeap),
      mib(
        sample.rssAnon === undefined || sample.brkHeap === undefined
          ? undefined
          : sample.rssAnon - sample.brkHeap,
      ),
      mib(sample.peakRss),
      String(sample.connections),
    ]),
  );
}

/** What the clients of a wave or a round did, in one line. */
export function tallyLine(tally: Tally): string {
  return (
    `idle ${tally.idleOpened} (${tally.idleAnswered} answered), ` +
    `slowloris ${tally.slowlorisOpened} (${tally.slowlorisCut} got 408), ` +
    `pipeliners ${tally.pipelinersOpened}, ` +
    `uploads ${tally.uploadsOpened} (${tally.uploadsAnswered} answered, ${mib(tally.uploadBytes)} sent)` +
    (tally.failed > 0 ? `, ${tally.failed} failed to connect` : '')
  );
}

/** The client faults the server reported between two samples, by code. */
export function clientErrorLine(before: MemorySample, after: MemorySample): string {
  const codes = Object.entries(after.clientErrors)
    .map(([code, count]) => [code, count - (before.clientErrors[code] ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  return codes.length === 0 ? 'none' : codes.map(([code, count]) => `${code} ${count}`).join(', ');
}

function signedCount(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

function signedKiB(bytes: number): string {
  const kib = bytes / 1024;
  return `${kib > 0 ? '+' : ''}${kib.toFixed(1)} KiB`;
}

/** The `limit` groups that grew most in self size, with their counts; those that did not grow are left out. */
export function growthTable(changes: readonly GroupChange[], limit: number): string {
  const rows = changes
    .filter((change) => change.after.size > change.before.size)
    .sort((a, b) => b.after.size - b.before.size - (a.after.size - a.before.size))
    .slice(0, limit)
    .map((change) => [
      change.name.length > 48 ? `${change.name.slice(0, 45)}...` : change.name,
      String(change.before.count),
      String(change.after.count),
      signedCount(change.after.count - change.before.count),
      signedKiB(change.after.size - change.before.size),
      mib(change.after.size),
    ]);
  return table(
    ['constructor', 'count before', 'count after', 'Δ count', 'Δ self size', 'self size after'],
    rows,
  );
}

/** Counts of the named groups in each snapshot, for the objects a connection is made of. */
export function watchTable(
  names: readonly string[],
  labels: readonly string[],
  counts: readonly ReadonlyMap<string, { count: number }>[],
): string {
  return table(
    ['object', ...labels],
    names.map((name) => [name, ...counts.map((groups) => String(groups.get(name)?.count ?? 0))]),
  );
}
