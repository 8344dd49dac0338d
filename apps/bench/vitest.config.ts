import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Tests run against the sources of every workspace package, so no build step is needed.
const source = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

export default defineProject({
  resolve: {
    alias: {
      '@skiff/core': source('core'),
      '@skiff/router': source('router'),
      '@skiff/demo/dist/app.js': fileURLToPath(new URL('../demo/src/app.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
  },
});
