import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.js';
import type { Layer } from '../src/layer.js';
import { staticSegmentsOf } from '../src/route-index.js';
import { sideBySide } from './middleware/side-by-side.js';

const noop = () => undefined;

describe('staticSegmentsOf', () => {
  const cases: readonly [pattern: string, segments: string[]][] = [
    ['/', []],
    ['/users', ['users']],
    ['/users/', ['users']],
    ['/api/v1/users/:id', ['api', 'v1', 'users']],
    ['/users{/:id}', ['users']],
    ['/users{s}', []],
    ['/r-:id/x', []],
    ['/files/*path', ['files']],
    ['/:id/items', []],
    ['{/:lang}/about', []],
    ['/a\\:b/c', ['a:b', 'c']],
    ['/API/Users', ['api', 'users']],
    ['//double', []],
    ['/caf\u00e9/menu', []],
    ['/ok/caf\u00e9', ['ok']],
    ['/x/y.json', ['x', 'y.json']],
  ];
  for (const [pattern, segments] of cases) {
    it(`${pattern} → [${segments.join(', ')}]`, () => {
      expect(staticSegmentsOf(pattern, false)).toEqual(segments);
    });
  }

  it('keeps the case when routing is case-sensitive', () => {
    expect(staticSegmentsOf('/API/Users', true)).toEqual(['API', 'Users']);
  });
});

/** The layers of `router` that match `path`, in order, tried one by one as the index would not. */
function matchingInOrder(layers: readonly Layer[], path: string): Layer[] {
  return layers.filter((layer) => {
    try {
      return layer.match(path) !== undefined;
    } catch {
      return true;
    }
  });
}

/** A small deterministic random source, so a failure can be replayed. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe('RouteIndex', () => {
  const words = [
    'api',
    'v1',
    'users',
    'Users',
    'items',
    'a',
    'b',
    'x.json',
    '%41',
    'caf\u00e9',
    'k',
    '\u212a',
    '',
  ];
  const shapes: ((word: string, other: string) => string)[] = [
    (word) => `/${word}`,
    (word, other) => `/${word}/${other}`,
    (word) => `/${word}/:id`,
    (word) => `/${word}{/:id}`,
    (word) => `/${word}/*rest`,
    () => '/:id',
    (word, other) => `/${word}-:id/${other}`,
    () => '/',
  ];

  for (const caseSensitive of [false, true]) {
    for (const strict of [false, true]) {
      it(`gives exactly the layers that match, in stack order (case ${caseSensitive}, strict ${strict})`, () => {
        const random = randomSource(caseSensitive ? 7 : 11);
        const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
        const router = Router({ caseSensitive, strict });
        for (let count = 0; count < 300; count++) {
          const path = pick(shapes)(pick(words.filter((word) => word !== '')), pick(words));
          const kind = random();
          if (kind < 0.6) router.get(path, noop);
          else if (kind < 0.9) router.use(path, noop);
          else router.use(path, Router());
        }
        router.use(/^\/regexp/, noop);
        const index = router.index();
        for (let probe = 0; probe < 2000; probe++) {
          const depth = 1 + Math.floor(random() * 4);
          const path = `/${Array.from({ length: depth }, () => pick(words)).join('/')}${random() < 0.2 ? '/' : ''}`;
          const expected = matchingInOrder(router.stack, path);
          const candidates = index.candidates(path);
          // The candidates hold every layer that matches, in the same order.
          expect(matchingInOrder(candidates, path)).toEqual(expected);
          expect(candidates.length).toBeLessThanOrEqual(router.stack.length);
        }
      });
    }
  }

  it('tries far fewer layers than the stack holds when routes have their own first segment', () => {
    const router = Router();
    router.use(noop);
    for (let number = 0; number < 10_000; number++) router.get(`/r${number}/items/:id`, noop);
    const candidates = router.index().candidates('/r9999/items/42');
    expect(candidates.map((layer) => layer.label)).toEqual(['/', '/r9999/items/:id']);
  });

  it('is rebuilt when the stack grows after a request', () => {
    const router = Router();
    router.get('/a', noop);
    expect(router.index().candidates('/b')).toHaveLength(0);
    router.get('/b', noop);
    expect(
      router
        .index()
        .candidates('/b')
        .map((layer) => layer.label),
    ).toEqual(['/b']);
  });
});

sideBySide(
  'a middleware that rewrites req.url reaches the routes of the new path, in order',
  (app) => {
    app.use((req, _res, next) => {
      if (req.url === '/old/page') req.url = '/new/page';
      next();
    });
    app.get('/old/page', (_req, res) => {
      res.send('old');
    });
    app.use('/new', (_req, res, next) => {
      res.set('x-new-middleware', 'yes');
      next();
    });
    app.get('/new/page', (_req, res) => {
      res.send('new');
    });
  },
  async ({ agent }) => {
    const rewritten = await agent.get('/old/page');
    expect(rewritten.text).toBe('new');
    expect(rewritten.headers['x-new-middleware']).toBe('yes');
  },
);
