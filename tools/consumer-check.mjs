// The consumer check: packs the packages, installs the tarballs with npm into a scratch project
// outside the workspace, type-checks a strict TypeScript app against them (nodenext, bundler)
// without @types/node of its own, runs its supertest tests, and checks require() from CommonJS.
// `node tools/consumer-check.mjs` (or `pnpm run test:consumer`); exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll, root } from './pack.mjs';

const started = Date.now();
const scratch = mkdtempSync(join(tmpdir(), 'skiff-consumer-'));
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

// The consumer uses the repository's TypeScript and the router's supertest ranges.
const typescript = readJson(join(root, 'node_modules/typescript/package.json')).version;
const routerDev = readJson(join(root, 'packages/router/package.json')).devDependencies;

// npm must not see the settings pnpm passes to the scripts it runs.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

/** Runs a step in the scratch project; stops the check with its output when it fails. */
function step(title, command, args, expect = { status: 0 }) {
  const begun = Date.now();
  const run = spawnSync(command, args, {
    cwd: scratch,
    env,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  const failed =
    run.error !== undefined ||
    (expect.status === 0 ? run.status !== 0 : run.status === 0) ||
    (expect.output !== undefined && !output.includes(expect.output));
  if (failed) {
    console.error(
      `consumer check FAILED at "${title}" (exit ${run.status}); scratch project kept at ${scratch}`,
    );
    console.error(`$ ${command} ${args.join(' ')}\n${run.error ?? output}`);
    if (expect.output !== undefined) console.error(`expected the output to contain: ${expect.output}`);
    process.exit(1);
  }
  console.log(`ok  ${title} (${((Date.now() - begun) / 1000).toFixed(1)} s)`);
  return output;
}

const tsc = join(scratch, 'node_modules', '.bin', 'tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

try {
  const tarballs = packAll(join(scratch, 'tarballs'));
  console.log(`ok  packed ${tarballs.map((file) => file.slice(scratch.length + 1)).join(', ')}`);

  cpSync(join(root, 'tools/consumer'), join(scratch), { recursive: true });
  writeFileSync(
    join(scratch, 'package.json'),
    `${JSON.stringify({ name: 'skiff-consumer', private: true, type: 'module' }, null, 2)}\n`,
  );

  // First without supertest, whose types bring @types/node: the app then sees Node's types
  // only through the packages (their dependency and the reference in their d.ts).
  step('npm install the tarballs and typescript', npm, [
    'install',
    ...quiet,
    ...tarballs,
    `typescript@${typescript}`,
  ]);
  const declared = readJson(join(scratch, 'package.json'));
  if (JSON.stringify(declared).includes('@types/node'))
    throw new Error('the consumer must not list @types/node');
  step('tsc, module nodenext, no @types/node of its own', tsc, ['-p', 'tsconfig.nodenext.json']);
  step('tsc, module preserve + moduleResolution bundler', tsc, ['-p', 'tsconfig.bundler.json']);

  step('npm install supertest', npm, [
    'install',
    ...quiet,
    '--save-dev',
    `supertest@${routerDev.supertest}`,
    `@types/supertest@${routerDev['@types/supertest']}`,
  ]);
  step('tsc, the app and its tests to JavaScript', tsc, ['-p', 'tsconfig.test.json']);
  step('node --test, the supertest tests', process.execPath, ['--test', join('out', 'test', 'app.test.js')]);
  step('node, the typed CommonJS app', process.execPath, [join('out', 'src', 'require-app.cjs')], {
    status: 0,
    output: 'typed CommonJS app: ok',
  });
  step("require('@skiff/router') gives a callable", process.execPath, ['require-check.cjs'], {
    status: 0,
    output: 'require() check: ok',
  });
  step(
    'require() without require(esm) says what to write',
    process.execPath,
    ['--no-experimental-require-module', '-e', "require('@skiff/router')"],
    { status: 1, output: "import skiff from '@skiff/router'" },
  );
} catch (error) {
  console.error(`consumer check FAILED: ${error instanceof Error ? error.message : error}`);
  console.error(`scratch project kept at ${scratch}`);
  process.exit(1);
}

rmSync(scratch, { recursive: true, force: true });
console.log(`consumer check passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
