/** What the instruction count of one server in one scenario came to. */
export interface InstructionMeasurement {
  /** Instructions per request in the last window measured. */
  perRequest: number;
  /** Per request, window by window: they shrink while V8 is still compiling, then settle. */
  windows: readonly number[];
  /** Whether the last two windows agreed within `SETTLED_WITHIN`. */
  settled: boolean;
}

/** Two windows in a row within this share of each other: V8 is done compiling the hot paths. */
export const SETTLED_WITHIN = 0.03;

/** Whether the last two per-request counts agree within `SETTLED_WITHIN`. */
export function hasSettled(windows: readonly number[]): boolean {
  if (windows.length < 2) return false;
  const last = windows[windows.length - 1] as number;
  const before = windows[windows.length - 2] as number;
  return Math.abs(last - before) <= SETTLED_WITHIN * Math.min(last, before);
}

function ratio(reference: number | undefined, value: number): string {
  // Fewer instructions per request is faster: the ratio reads like the req/s tables' "vs".
  return reference === undefined ? '–' : `${(reference / value).toFixed(2)}×`;
}

/**
 * A Markdown table of one scenario: instructions per request, and the ratios to node:http and to
 * the ceiling as throughput would have them (their count over the server's).
 */
export function instructionTable(
  rows: ReadonlyArray<{ label: string; name: string; measurement: InstructionMeasurement }>,
): string {
  const of = (name: string) => rows.find((row) => row.name === name)?.measurement.perRequest;
  const nodeHttp = of('node-http');
  const ceiling = of('ceiling');
  const lines = [
    '| server | instructions per request | vs node:http | vs ceiling | windows (k instructions per request) |',
    '| --- | ---: | ---: | ---: | --- |',
  ];
  for (const { label, measurement } of rows) {
    const windows = measurement.windows.map((count) => (count / 1000).toFixed(1)).join(', ');
    lines.push(
      `| ${label} | ${Math.round(measurement.perRequest).toLocaleString('en-US')} | ` +
        `${ratio(nodeHttp, measurement.perRequest)} | ${ratio(ceiling, measurement.perRequest)} | ` +
        `${windows}${measurement.settled ? '' : ' (not settled)'} |`,
    );
  }
  return lines.join('\n');
}
