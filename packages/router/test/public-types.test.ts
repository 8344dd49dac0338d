import { execFile } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// The package's `bin` (not in its `exports`): found beside its package.json.
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

async function declarationFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The declaration text without comments, where the word "any" is prose. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

const run = promisify(execFile);

// Every test here reads the build the package ships: `tsc -b packages/router` (it builds core first when needed).
beforeAll(async () => {
  await run(process.execPath, [tsc, '-b', packageDir]);
}, 60_000);

describe('the emitted declarations', () => {
  it('have no `any` in the public types', { timeout: 60_000 }, async () => {
    const files = await declarationFiles(join(packageDir, 'dist'));
    expect(files.map((file) => file.slice(packageDir.length))).toContain('dist/index.d.ts');
    const offenders: string[] = [];
    for (const file of files) {
      code(await readFile(file, 'utf8'))
        .split('\n')
        .forEach((line, index) => {
          if (/\bany\b/.test(line))
            offenders.push(`${file.slice(packageDir.length)}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});

describe('the README examples', () => {
  // The tests' tsconfig reads the built declarations.
  it('type-check as they are written', { timeout: 60_000 }, async () => {
    const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((found) => found[1] ?? '');
    expect(blocks.length).toBeGreaterThan(0);
    const files = blocks.map((_block, index) => join(packageDir, 'test', `readme-typecheck-${index}.ts`));
    try {
      await Promise.all(files.map((file, index) => writeFile(file, blocks[index] ?? '')));
      const checked = await run(process.execPath, [
        tsc,
        '-p',
        join(packageDir, 'test', 'tsconfig.json'),
      ]).then(
        () => '',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      expect(checked).toBe('');
    } finally {
      await Promise.all(files.map((file) => rm(file, { force: true })));
    }
  });
});

describe('the built package', () => {
  // An app pays at startup only for what every request uses: the libraries behind optional features load when the feature first runs.
  it('loads no optional library when an app is built', { timeout: 30_000 }, async () => {
    const script = `
      import { createRequire } from 'node:module';
      const { skiff, compress, json, urlencoded, cookieParser } = await import(${JSON.stringify(join(packageDir, 'dist', 'index.js'))});
      const app = skiff();
      app.use(compress(), json(), urlencoded({ extended: true }), cookieParser('secret'));
      app.get('/', (_req, res) => res.send('ok'));
      const packages = Object.keys(createRequire(import.meta.url).cache)
        .map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file.split('.pnpm').at(-1))?.[1])
        .filter((name) => name !== undefined);
      const builtins = process.moduleLoadList.filter((name) => name.startsWith('NativeModule ')).map((name) => name.slice(13));
      console.log(JSON.stringify({ packages: [...new Set(packages)], builtins }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
    });
    const loaded = JSON.parse(stdout) as { packages: string[]; builtins: string[] };
    const optional = [
      'mime-types',
      'mime-db',
      'content-disposition',
      'cookie',
      'cookie-signature',
      'qs',
      'iconv-lite',
      'send',
      'serve-static',
      'accepts',
      'negotiator',
      'type-is',
      'proxy-addr',
    ];
    expect(loaded.packages.filter((name) => optional.includes(name))).toEqual([]);
    // The ones an app always uses are found, so the list above is read from the right place.
    expect(loaded.packages).toContain('path-to-regexp');
    expect(loaded.builtins.filter((name) => ['zlib', 'crypto', 'tls', 'cluster'].includes(name))).toEqual([]);
    expect(loaded.builtins).toContain('net');
  });
});
