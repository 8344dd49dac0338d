/** One byte range, both ends included. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The satisfiable ranges of a Range header, in the order asked, with its unit (`type`, usually `bytes`). */
export type Ranges = ByteRange[] & { type: string };

/** Options of `req.range()`. */
export interface RangeOptions {
  /** Merge overlapping and adjacent ranges into one. Default false. */
  combine?: boolean;
}

/** -1: no range can be satisfied (416); -2: the header is malformed (ignore it). */
export type RangeFailure = -1 | -2;

const DIGITS = /^\d+$/;

function position(text: string): number {
  return DIGITS.test(text) ? Number(text) : Number.NaN;
}

/**
 * Parses a Range header against a representation of `size` bytes, with the range-parser
 * package's results (what Express's `req.range()` gives): the ranges, clipped to the size and
 * without the unsatisfiable ones; -1 when none is left; -2 when the header is malformed.
 */
export function parseRange(size: number, header: string, options: RangeOptions = {}): Ranges | RangeFailure {
  const equals = header.indexOf('=');
  if (equals === -1) return -2;
  const ranges = [] as unknown as Ranges;
  ranges.type = header.slice(0, equals);
  for (const spec of header.slice(equals + 1).split(',')) {
    const dash = spec.indexOf('-');
    if (dash === -1) return -2;
    const startText = spec.slice(0, dash).trim();
    const endText = spec.slice(dash + 1).trim();
    let start = position(startText);
    let end = position(endText);
    if (startText.length === 0) {
      // RFC 9110 §14.1.2: `-N` is the last N bytes.
      start = size - end;
      end = size - 1;
    } else if (endText.length === 0) {
      end = size - 1;
    }
    if (end > size - 1) end = size - 1;
    if (Number.isNaN(start) || Number.isNaN(end)) return -2;
    if (start > end || start < 0) continue;
    ranges.push({ start, end });
  }
  if (ranges.length === 0) return -1;
  return options.combine ? combineRanges(ranges) : ranges;
}

/** Merges overlapping and adjacent ranges; each merged range takes the place of the first asked of its parts. */
function combineRanges(ranges: Ranges): Ranges {
  const ordered = ranges
    .map((range, index) => ({ start: range.start, end: range.end, index }))
    .sort((a, b) => a.start - b.start);
  const merged: typeof ordered = [];
  for (const range of ordered) {
    const current = merged[merged.length - 1];
    if (current === undefined || range.start > current.end + 1) merged.push(range);
    else if (range.end > current.end) {
      current.end = range.end;
      current.index = Math.min(current.index, range.index);
    }
  }
  const combined = merged
    .sort((a, b) => a.index - b.index)
    .map(({ start, end }) => ({ start, end })) as unknown as Ranges;
  combined.type = ranges.type;
  return combined;
}
