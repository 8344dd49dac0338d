// The differential suite: every app of the case tables runs on Express 5 and on Skiff with the
// same request bytes; each response must match, or differ exactly as a known difference says.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cases } from './cases/index.js';
import { prepare } from './harness.js';
import { knownDifferences } from './known.js';
import type { AppCase } from './types.js';
import { verdict } from './verdict.js';

/** The first cells of the rows of the router README's table "Express 5 and Skiff". */
function readmeRows(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('## Express 5 and Skiff')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('| ---') && !line.startsWith('| Behaviour'))
    .map((line) => line.split('|')[1]?.trim() ?? '');
}

/** Each exchange is bounded (5 s); an app's whole run gets room on a busy machine. */
const APP_TIMEOUT_MS = 30_000;

async function check(appCase: AppCase): Promise<void> {
  expect(await verdict(appCase, knownDifferences)).toEqual({ unexpected: [], stale: [] });
}

describe('Express 5 and Skiff answer the same bytes alike', () => {
  // Express's final handler prints every error it answers; the responses are what is compared.
  beforeAll(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });
  for (const appCase of cases) it.concurrent(appCase.name, () => check(appCase), APP_TIMEOUT_MS);
});

describe('the table of known differences', () => {
  const rows = readmeRows();
  const byName = new Map(cases.map((appCase) => [appCase.name, appCase]));

  it('names each app once and each request of an app once', () => {
    expect(byName.size).toBe(cases.length);
    const repeated = cases.flatMap((appCase) => {
      const names = appCase.requests.map((spec) => prepare(spec).name);
      return names
        .filter((name, index) => names.indexOf(name) !== index)
        .map((name) => `${appCase.name}: ${name}`);
    });
    expect(repeated).toEqual([]);
  });

  it('refers to existing apps and requests, each listed once', () => {
    const problems: string[] = [];
    const listed = new Set<string>();
    for (const entry of knownDifferences) {
      const appCase = byName.get(entry.app);
      if (appCase === undefined) {
        problems.push(`no app ${entry.app}`);
        continue;
      }
      const names = appCase.requests.map((spec) => prepare(spec).name);
      for (const request of entry.requests === 'all' ? names : entry.requests) {
        if (!names.includes(request)) problems.push(`${entry.app}: no request ${request}`);
        for (const aspect of entry.differs) {
          const key = `${entry.app} | ${request} | ${aspect}`;
          if (listed.has(key)) problems.push(`listed twice: ${key}`);
          listed.add(key);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives each deliberate difference a row of the README table', () => {
    const missing = knownDifferences
      .filter((entry) => entry.kind === 'deliberate')
      .filter((entry) => !rows.some((row) => row.includes(entry.readme)))
      .map((entry) => `${entry.app}: ${entry.readme}`);
    expect(missing).toEqual([]);
  });

  it('sends hundreds of requests', () => {
    const total = cases.reduce((sum, appCase) => sum + appCase.requests.length, 0);
    expect(total).toBeGreaterThanOrEqual(300);
  });
});
