import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Vitest global setup: `tsc -b` for the demo (and the packages it references), a no-op when dist/ is current. */
export default function build(): void {
  const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
  const project = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [tsc, '-b', project], { stdio: 'inherit', timeout: 120_000 });
}
