import type { LoadMeasurement } from './measure.js';
import type { LoadScenario } from './scenarios.js';
import type { ServerEntry } from './servers/index.js';
import { median } from './stats.js';

/** One bar group of the chart: a scenario, and each server's req/s as a ratio to node:http. */
export interface ChartGroup {
  label: string;
  bars: { server: string; ratio: number }[];
}

/** The ratios the chart draws: median req/s over rounds, divided by node:http's, per scenario. */
export function chartGroups(
  servers: readonly ServerEntry[],
  load: ReadonlyMap<LoadScenario, ReadonlyMap<string, readonly LoadMeasurement[]>>,
): ChartGroup[] {
  const groups: ChartGroup[] = [];
  for (const [scenario, runs] of load) {
    const rate = (name: string) => median((runs.get(name) ?? []).map((run) => run.requestsPerSecond));
    const reference = rate('node-http');
    if (reference === undefined || reference === 0) continue;
    // The ceiling is a reference, not a peer: its bars (20× under pipelining) would flatten the rest.
    const bars = servers.flatMap((server) => {
      if (server.name === 'ceiling') return [];
      const value = rate(server.name);
      return value === undefined ? [] : [{ server: server.label, ratio: value / reference }];
    });
    groups.push({ label: `${scenario.number}. ${scenario.id}`, bars });
  }
  return groups;
}

// Colour-blind-safe (Okabe–Ito), one per server in report order, cycled if there are more.
const COLOURS = [
  '#999999',
  '#000000',
  '#E69F00',
  '#56B4E9',
  '#009E73',
  '#F0E442',
  '#0072B2',
  '#D55E00',
  '#CC79A7',
];
const BAR = 12;
const GAP = 10;
const LEFT = 150;
const PLOT = 520;
const TOP = 40;
/** The axis ends here at most; a longer bar is cut at the edge and keeps its figure. */
const MOST_SHOWN = 5;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A horizontal grouped bar chart, as SVG text: per scenario, one bar per server, its length
 * the ratio to node:http, with a line at 1×. Drawn from the run's numbers, never by hand.
 */
export function renderChart(groups: readonly ChartGroup[], title: string): string {
  const servers = [...new Set(groups.flatMap((group) => group.bars.map((bar) => bar.server)))];
  const colour = (server: string) => COLOURS[servers.indexOf(server) % COLOURS.length] ?? '#000000';
  const most = Math.max(1, ...groups.flatMap((group) => group.bars.map((bar) => bar.ratio)));
  const scale = Math.min(MOST_SHOWN, Math.ceil(most * 2) / 2);
  const x = (ratio: number) => LEFT + (ratio / scale) * PLOT;
  const parts: string[] = [];
  let y = TOP;
  for (const group of groups) {
    const height = group.bars.length * BAR;
    parts.push(
      `<text x="${LEFT - 8}" y="${y + height / 2 + 4}" text-anchor="end" font-weight="bold">${escapeXml(group.label)}</text>`,
    );
    for (const bar of group.bars) {
      const width = Math.max(1, x(Math.min(bar.ratio, scale)) - LEFT);
      parts.push(
        `<rect x="${LEFT}" y="${y}" width="${width.toFixed(1)}" height="${BAR - 2}" fill="${colour(bar.server)}">` +
          `<title>${escapeXml(bar.server)}: ${bar.ratio.toFixed(2)}×</title></rect>`,
        `<text x="${(LEFT + width + 4).toFixed(1)}" y="${y + BAR - 3}" font-size="9">${bar.ratio.toFixed(2)}</text>`,
      );
      y += BAR;
    }
    y += GAP;
  }
  const bottom = y;
  const ticks: string[] = [];
  for (let tick = 0; tick <= scale + 1e-9; tick += scale > 4 ? 1 : 0.5) {
    ticks.push(
      `<line x1="${x(tick).toFixed(1)}" y1="${TOP - 4}" x2="${x(tick).toFixed(1)}" y2="${bottom}" stroke="${tick === 1 ? '#333333' : '#dddddd'}"${tick === 1 ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${x(tick).toFixed(1)}" y="${bottom + 14}" text-anchor="middle" font-size="10">${tick}×</text>`,
    );
  }
  const legend = servers.map((server, index) => {
    const legendY = TOP + index * 16;
    return (
      `<rect x="${LEFT + PLOT + 30}" y="${legendY}" width="10" height="10" fill="${colour(server)}"/>` +
      `<text x="${LEFT + PLOT + 46}" y="${legendY + 9}">${escapeXml(server)}</text>`
    );
  });
  const width = LEFT + PLOT + 210;
  const height = Math.max(bottom + 30, TOP + servers.length * 16 + 10);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    // The chart's text alternative, for screen readers and image viewers.
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="20" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
    ...ticks,
    ...parts,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
