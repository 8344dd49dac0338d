import { autocannonGenerator } from './autocannon.js';
import type { LoadGenerator } from './types.js';
import { wrkGenerator, wrkVersion } from './wrk.js';

/** The generator names `BENCH_GENERATOR` accepts. */
export type GeneratorName = 'wrk' | 'autocannon';

/** wrk when it is installed (or asked for), else autocannon. */
export function chooseGenerator(wanted: GeneratorName | undefined): LoadGenerator {
  if (wanted === 'autocannon') return autocannonGenerator();
  const version = wrkVersion();
  if (version !== undefined) return wrkGenerator(version);
  if (wanted === 'wrk')
    throw new Error('BENCH_GENERATOR=wrk, but wrk is not installed (apt-get install wrk)');
  return autocannonGenerator();
}
