// Packs @skiff/core and @skiff/router into installable tarballs: `node tools/pack.mjs [folder]`
// (default dist-packages/). pnpm packs them: each package's "prepack" builds it clean, and pnpm
// writes the real version where the manifest says `workspace:*`, which npm and yarn would keep.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** The published packages, in dependency order. */
export const packageDirs = ['packages/core', 'packages/router'];

/** The pnpm running this script (`pnpm run`), else pnpm 10 through npx. */
function pnpmCommand() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: the package manager running this sets it; no build reads it.
  const execPath = process.env.npm_execpath ?? '';
  if (/pnpm/.test(basename(execPath))) return { command: process.execPath, prefix: [execPath] };
  return { command: 'npx', prefix: ['-y', 'pnpm@10'] };
}

/** Packs every package into `destination` and returns the tarballs' absolute paths. */
export function packAll(destination) {
  const folder = resolve(destination);
  mkdirSync(folder, { recursive: true });
  const { command, prefix } = pnpmCommand();
  return packageDirs.map((dir) => {
    const cwd = join(root, dir);
    const run = spawnSync(command, [...prefix, 'pack', '--pack-destination', folder], {
      cwd,
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (run.status !== 0) {
      throw new Error(`pnpm pack failed in ${dir} (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    }
    const { name, version } = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
    return join(folder, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const tarballs = packAll(process.argv[2] ?? join(root, 'dist-packages'));
  for (const tarball of tarballs) console.log(tarball);
}
