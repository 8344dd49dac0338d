import { describe, expect, it } from 'vitest';
import { renderChart } from '../src/chart.js';
import { readConfig } from '../src/config.js';
import { LOAD_SCENARIOS } from '../src/scenarios.js';

// The parts of the report made from numbers: the chart, and the knobs that decide what runs.
describe('the chart of ratios', () => {
  const svg = renderChart(
    [
      {
        label: '1. echo',
        bars: [
          { server: 'node:http', ratio: 1 },
          { server: 'skiff', ratio: 1.5 },
        ],
      },
      {
        label: '3. <json>',
        bars: [
          { server: 'node:http', ratio: 1 },
          { server: 'skiff', ratio: 0.75 },
        ],
      },
    ],
    'Ratios & more',
  );

  it('draws one bar per server and scenario, labelled with its ratio', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>Ratios &amp; more</title>');
    expect(svg.match(/<rect x="150" /g)).toHaveLength(4);
    expect(svg).toContain('>1.50<');
    expect(svg).toContain('>0.75<');
  });

  it('escapes the labels it is given', () => {
    expect(svg).toContain('3. &lt;json&gt;');
    expect(svg).toContain('Ratios &amp; more');
  });
});

describe('the run knobs', () => {
  it('writes RESULTS.md only when asked', () => {
    expect(readConfig({}).write).toBe(false);
    expect(readConfig({}, ['--write']).write).toBe(true);
    expect(readConfig({ BENCH_WRITE: '1' }).write).toBe(true);
  });

  it('names the routing and multi-core scenarios by number', () => {
    expect(readConfig({ BENCH_SCENARIOS: '7,8,9,10' }).scenarios).toEqual([
      'routes-10',
      'routes-1000',
      'routes-10000',
      'echo-cores',
    ]);
    expect(LOAD_SCENARIOS.find((scenario) => scenario.id === 'echo-cores')?.workers).toBeGreaterThan(0);
    expect(() => readConfig({ BENCH_SCENARIOS: '11' })).toThrow(/1-10/);
  });
});
