// Runs one app on both frameworks and judges the result against the known differences.

import { aspectOf, comparable, differences, runCase } from './harness.js';
import type { AppCase, Aspect, KnownDifference } from './types.js';

/** A difference no entry explains, as read in a failure. */
export interface Unexpected {
  readonly request: string;
  readonly aspect: Aspect;
  readonly express: unknown;
  readonly skiff: unknown;
}

/** A known difference that no longer shows: the feature landed, or the entry is wrong. */
export interface Stale {
  readonly kind: KnownDifference['kind'];
  readonly note: string;
  readonly noLongerDiffers: readonly Aspect[];
}

/** What the suite asserts to be empty for an app. */
export interface Verdict {
  readonly unexpected: Unexpected[];
  readonly stale: Stale[];
}

function applies(entry: KnownDifference, request: string): boolean {
  return entry.requests === 'all' || entry.requests.includes(request);
}

/**
 * Sends the app's requests to both frameworks; every differing aspect must be covered by a
 * known difference for that request, and every aspect an entry lists must still differ on
 * at least one of its requests.
 */
export async function verdict(appCase: AppCase, known: readonly KnownDifference[]): Promise<Verdict> {
  const pairs = await runCase(appCase);
  const entries = known.filter((entry) => entry.app === appCase.name);
  const unexpected: Unexpected[] = [];
  const seen = new Map<KnownDifference, Set<Aspect>>(entries.map((entry) => [entry, new Set()]));
  for (const pair of pairs) {
    // Express must answer every request in time, or the case itself is wrong (its bytes, say).
    if (pair.express.problem?.startsWith('no complete response')) {
      unexpected.push({
        request: pair.request.name,
        aspect: 'problem',
        express: pair.express.problem,
        skiff: '-',
      });
    }
    const left = comparable(pair.express, pair.skiff);
    const right = comparable(pair.skiff, pair.express);
    const relevant = entries.filter((entry) => applies(entry, pair.request.name));
    for (const aspect of differences(left, right)) {
      // An ETag is a digest of the body: an entry for a different body covers the tag too.
      const covering = relevant.filter(
        (entry) =>
          entry.differs.includes(aspect) || (aspect === 'header:etag' && entry.differs.includes('body')),
      );
      for (const entry of covering) seen.get(entry)?.add(aspect);
      if (covering.length === 0) {
        unexpected.push({
          request: pair.request.name,
          aspect,
          express: aspectOf(left, aspect),
          skiff: aspectOf(right, aspect),
        });
      }
    }
  }
  const stale = entries.flatMap((entry) => {
    const gone = entry.differs.filter((aspect) => !seen.get(entry)?.has(aspect));
    return gone.length === 0 ? [] : [{ kind: entry.kind, note: entry.note, noLongerDiffers: gone }];
  });
  return { unexpected, stale };
}
