// The router's files import in one direction: shared types at the bottom, the app at the top.
// A type-only import counts too, since it ties the files together for a reader and for tsc.
// A file that has to name a class above it does so through src/links.ts.

import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sourceDir = fileURLToPath(new URL('../src', import.meta.url));

/** Every form of reference to another module, the specifier in group 1. */
const REFERENCES: readonly RegExp[] = [
  // `import … from`, `import type … from`, `export … from`, over several lines: no `;` before `from`.
  /^\s*(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  // A side-effect import.
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  // A dynamic import, or a type written `import('./x.js').X` or `typeof import('./x.js')`.
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  // A require(), as the CommonJS entry loads the ES module.
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  // A module augmentation.
  /\bdeclare\s+module\s*['"]([^'"]+)['"]/g,
];

/** The relative specifiers a source file refers to, in no particular order. */
function relativeReferences(source: string): string[] {
  const found = new Set<string>();
  for (const pattern of REFERENCES) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('./') || specifier.startsWith('../')) found.add(specifier);
    }
  }
  return [...found];
}

/** The source file an emitted specifier (`./x.js`, `./x.cjs`) stands for. */
function sourceOf(specifier: string): string {
  return specifier
    .replace(/\.js$/, '.ts')
    .replace(/\.cjs$/, '.cts')
    .replace(/\.mjs$/, '.mts');
}

/** The graph of src: each file (relative to src) and the files it refers to. */
async function importGraph(): Promise<Map<string, string[]>> {
  const entries = await readdir(sourceDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && /\.[cm]?ts$/.test(entry.name))
    .map((entry) => relative(sourceDir, join(entry.parentPath, entry.name)))
    .sort();
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const source = await readFile(join(sourceDir, file), 'utf8');
    const targets = relativeReferences(source).map((specifier) =>
      relative(sourceDir, resolve(sourceDir, dirname(file), sourceOf(specifier))),
    );
    graph.set(file, targets.sort());
  }
  return graph;
}

/** One cycle of the graph as a path that ends where it starts, or undefined when there is none. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    const onPath = path.indexOf(file);
    if (onPath !== -1) return [...path.slice(onPath), file];
    if (done.has(file)) return undefined;
    path.push(file);
    for (const target of graph.get(file) ?? []) {
      const cycle = visit(target);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    done.add(file);
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

describe('relativeReferences', () => {
  const cases: readonly { source: string; references: string[] }[] = [
    { source: "import { a } from './a.js';", references: ['./a.js'] },
    { source: "import type { A } from '../a.js';", references: ['../a.js'] },
    { source: "import {\n  a,\n  type B,\n} from './a.js';", references: ['./a.js'] },
    { source: "export { a } from './a.js';\nexport type * from './b.js';", references: ['./a.js', './b.js'] },
    { source: "import './a.js';", references: ['./a.js'] },
    { source: "const a = await import('./a.js');", references: ['./a.js'] },
    { source: "type A = typeof import('./a.js');", references: ['./a.js'] },
    { source: "declare module './a.js' {\n  interface A {}\n}", references: ['./a.js'] },
    { source: "import { parse } from 'cookie';\nimport { Request } from '@skiff/core';", references: [] },
  ];
  for (const { source, references } of cases) {
    it(`finds ${JSON.stringify(references)} in ${JSON.stringify(source)}`, () => {
      expect(relativeReferences(source).sort()).toEqual(references);
    });
  }
});

describe('the files of src', () => {
  it('refer only to files that exist', async () => {
    const graph = await importGraph();
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter((target) => !graph.has(target)).map((target) => `${file} → ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it('import one another without a cycle, type imports included', async () => {
    const cycle = findCycle(await importGraph());
    expect(cycle?.join(' → '), 'an import cycle').toBeUndefined();
  });
});
