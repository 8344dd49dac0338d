import type { MemorySample } from './messages.js';

/** What the figures say. */
export type VerdictKind = 'leak' | 'allocator retention' | 'back near baseline';

/** The verdict, and the figures that decided it, in words. */
export interface Verdict {
  kind: VerdictKind;
  reasons: string[];
}

/** The figures a verdict is drawn from: the baseline, and each round's after collecting garbage. */
export interface Evidence {
  start: MemorySample;
  rounds: readonly MemorySample[];
  /** Self sizes summed over the heap snapshots, start first, when snapshots were taken. */
  snapshotTotals: readonly number[] | undefined;
  /** The kinds of object that grew most between the snapshots, when they were taken. */
  grown: readonly string[] | undefined;
  /** After the last round and a quiet while, when V8 has had time to shrink its heap. */
  quiet: MemorySample | undefined;
  /** Then, once malloc_trim(0) gave glibc's free pages back, when it ran. */
  trimmed: MemorySample | undefined;
}

const MiB = 1024 * 1024;
/** Growth of the JS heap from the baseline still counted as "near": compiled code and caches settle in the first round. */
const HEAP_SLACK_BYTES = 2 * MiB;
const HEAP_SLACK_SHARE = 0.1;
/** The same for memory outside the JS heap (Buffers and other C++ objects). */
const EXTERNAL_SLACK_BYTES = 1 * MiB;
const EXTERNAL_SLACK_SHARE = 0.1;
/** Growth from the first round to the last that counts as "keeps growing". */
const ROUND_SLACK_BYTES = 1 * MiB;
const ROUND_SLACK_SHARE = 0.05;
/** RSS this far above its baseline "stays high". */
const RSS_HIGH_SHARE = 0.25;
const RSS_HIGH_BYTES = 8 * MiB;

/** Bytes as MiB with one decimal. */
export function mib(bytes: number | undefined): string {
  return bytes === undefined ? '–' : `${(bytes / MiB).toFixed(1)} MiB`;
}

function signed(bytes: number): string {
  return `${bytes >= 0 ? '+' : '−'}${mib(Math.abs(bytes))}`;
}

interface Measure {
  name: string;
  values: readonly number[];
  slackBytes: number;
  slackShare: number;
}

/**
 * Leak: the JS heap or external memory stays above the baseline, and (given two rounds or
 * more) keeps growing from round to round. Allocator retention: both come back near the
 * baseline, or stop growing after the first round, while RSS stays high. Else: back near baseline.
 */
export function judge(evidence: Evidence): Verdict {
  const { start, rounds } = evidence;
  const last = rounds.at(-1);
  const first = rounds[0];
  if (last === undefined || first === undefined) throw new Error('judge: no round was measured');
  const measures: Measure[] = [
    {
      name: 'heapUsed',
      values: [start.heapUsed, ...rounds.map((r) => r.heapUsed)],
      slackBytes: HEAP_SLACK_BYTES,
      slackShare: HEAP_SLACK_SHARE,
    },
    {
      name: 'external',
      values: [start.external, ...rounds.map((r) => r.external)],
      slackBytes: EXTERNAL_SLACK_BYTES,
      slackShare: EXTERNAL_SLACK_SHARE,
    },
  ];
  if (evidence.snapshotTotals !== undefined && evidence.snapshotTotals.length === rounds.length + 1) {
    measures.push({
      name: 'heap snapshot total',
      values: evidence.snapshotTotals,
      slackBytes: HEAP_SLACK_BYTES,
      slackShare: HEAP_SLACK_SHARE,
    });
  }

  const reasons: string[] = [];
  let leaking = false;
  for (const measure of measures) {
    const base = measure.values[0] ?? 0;
    const afterFirst = measure.values[1] ?? base;
    const afterLast = measure.values.at(-1) ?? base;
    const growth = afterLast - base;
    const nearBaseline = growth <= measure.slackBytes + measure.slackShare * base;
    const perRound = afterLast - afterFirst;
    const keepsGrowing =
      rounds.length >= 2 && perRound > ROUND_SLACK_BYTES + ROUND_SLACK_SHARE * Math.max(afterFirst, 1);
    const figures = `${mib(base)} → ${mib(afterLast)} (${signed(growth)})`;
    if (keepsGrowing) {
      leaking = true;
      reasons.push(
        `${measure.name} ${figures}, and ${signed(perRound)} from round 1 to round ${rounds.length}`,
      );
    } else if (!nearBaseline && rounds.length === 1) {
      leaking = true;
      reasons.push(`${measure.name} ${figures}: above the baseline (run 2 rounds to tell a one-time growth)`);
    } else if (!nearBaseline) {
      reasons.push(
        `${measure.name} ${figures}, but flat from round 1 to round ${rounds.length} (${signed(perRound)}): a one-time growth`,
      );
    } else {
      reasons.push(`${measure.name} ${figures}: back near the baseline`);
    }
  }

  const rssGrowth = last.rss - start.rss;
  const rssHigh = rssGrowth > RSS_HIGH_BYTES && rssGrowth > RSS_HIGH_SHARE * start.rss;
  const rssFigures = `RSS ${mib(start.rss)} → ${mib(last.rss)} (×${(last.rss / start.rss).toFixed(2)})`;
  if (rounds.length >= 2) {
    reasons.push(`${rssFigures}; from round 1 to round ${rounds.length}: ${signed(last.rss - first.rss)}`);
  } else {
    reasons.push(rssFigures);
  }
  reasons.push(
    `of that, V8's young generation (committed) ${signed(last.newSpace - start.newSpace)}, ` +
      `the main malloc arena ([heap]) ${signed((last.brkHeap ?? 0) - (start.brkHeap ?? 0))}`,
  );
  const { quiet, trimmed } = evidence;
  let before = last;
  if (quiet !== undefined) {
    reasons.push(
      `after a quiet while (V8's memory reducer may shrink its heap): RSS ${mib(quiet.rss)} (${signed(quiet.rss - last.rss)}), ` +
        `young generation ${mib(quiet.newSpace)}, heapTotal ${mib(quiet.heapTotal)}`,
    );
    before = quiet;
  }
  if (trimmed !== undefined) {
    reasons.push(
      `malloc_trim(0) then gave back ${mib(before.rss - trimmed.rss)} that malloc had freed but kept: ` +
        `RSS ${mib(trimmed.rss)} (×${(trimmed.rss / start.rss).toFixed(2)} the baseline), [heap] ${mib(trimmed.brkHeap)}`,
    );
  }
  if (leaking) {
    if (evidence.grown !== undefined && evidence.grown.length > 0)
      reasons.push(`retained most (heap snapshots): ${evidence.grown.join(', ')}`);
    return { kind: 'leak', reasons };
  }
  return { kind: rssHigh ? 'allocator retention' : 'back near baseline', reasons };
}
