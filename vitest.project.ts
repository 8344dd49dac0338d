import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Tests run against the sources of every workspace package, so no build step is needed.
const source = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/** The vitest settings every package and app shares: aliases to the sources, tests in test/. */
export function skiffProject() {
  return defineProject({
    resolve: {
      alias: {
        '@skiff/core': source('core'),
        '@skiff/router': source('router'),
        // The bench imports the demo app the way a user would, from its build.
        '@skiff/demo/dist/app.js': fileURLToPath(new URL('./apps/demo/src/app.ts', import.meta.url)),
      },
    },
    test: {
      include: ['test/**/*.test.ts'],
    },
  });
}
