import { mergeConfig } from 'vitest/config';
import { skiffProject } from '../../vitest.project.ts';

export default mergeConfig(skiffProject(), {
  test: {
    // Some tests run the built program, as users do: build it first, so they never test a stale dist/.
    globalSetup: ['test/build.ts'],
    // Those tests start Node processes; on a loaded machine that alone can take seconds.
    testTimeout: 15_000,
  },
});
