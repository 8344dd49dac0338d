import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    // Both cores: most of a test file's time is spent waiting on sockets and timers, not CPU.
    maxWorkers: 2,
  },
});
