import { describe, expect, it } from 'vitest';
import { type DemoArguments, parseArguments } from '../src/arguments.js';
import { demoDefaults } from '../src/defaults.js';

const defaults: DemoArguments = {
  directory: undefined,
  host: demoDefaults.host,
  port: demoDefaults.port,
  maxUpload: demoDefaults.maxUpload,
  shutdownTimeout: demoDefaults.shutdownTimeout,
};

/** Command lines and what they mean; `expected` names only what differs from the defaults. */
const accepted: { argv: string[]; env?: NodeJS.ProcessEnv; expected: Partial<DemoArguments> }[] = [
  { argv: [], expected: {} },
  { argv: ['--directory', '/tmp/files/'], expected: { directory: '/tmp/files' } },
  { argv: ['--directory=/tmp/files'], expected: { directory: '/tmp/files' } },
  // What `pnpm start -- --directory /tmp/` passes on.
  { argv: ['--', '--directory', '/tmp/'], expected: { directory: '/tmp' } },
  { argv: ['--max-upload', '2048'], expected: { maxUpload: 2048 } },
  { argv: ['--max-upload=10kb'], expected: { maxUpload: 10 * 1024 } },
  { argv: ['--max-upload', '1MB'], expected: { maxUpload: 1024 * 1024 } },
  { argv: ['--shutdown-timeout', '250'], expected: { shutdownTimeout: 250 } },
  { argv: [], env: { HOST: '0.0.0.0', PORT: '8080' }, expected: { host: '0.0.0.0', port: 8080 } },
  { argv: [], env: { HOST: '', PORT: '' }, expected: {} },
  { argv: [], env: { PORT: '0' }, expected: { port: 0 } },
];

const refused: { argv: string[]; env?: NodeJS.ProcessEnv; message: RegExp }[] = [
  { argv: ['--verbose'], message: /^Unknown argument "--verbose"$/ },
  { argv: ['/tmp/'], message: /^Unknown argument "\/tmp\/"$/ },
  { argv: ['--directory'], message: /--directory needs a value/ },
  { argv: ['--directory', '--max-upload', '5'], message: /--directory needs a value/ },
  { argv: ['--max-upload', '-1'], message: /--max-upload must be a size/ },
  { argv: ['--max-upload', '1.5mb'], message: /--max-upload must be a size/ },
  {
    argv: ['--shutdown-timeout', '0'],
    message: /--shutdown-timeout must be a whole number of milliseconds above 0/,
  },
  { argv: ['--shutdown-timeout', '2s'], message: /--shutdown-timeout must be/ },
  { argv: [], env: { PORT: '65536' }, message: /PORT must be a port number from 0 to 65535, got 65536/ },
  { argv: [], env: { PORT: '80a' }, message: /PORT must be a port number/ },
];

describe('parseArguments', () => {
  for (const { argv, env = {}, expected } of accepted) {
    it(`reads ${JSON.stringify(argv)} ${JSON.stringify(env)}`, () => {
      expect(parseArguments(argv, env)).toEqual({ kind: 'run', arguments: { ...defaults, ...expected } });
    });
  }
  for (const { argv, env = {}, message } of refused) {
    it(`refuses ${JSON.stringify(argv)} ${JSON.stringify(env)}`, () => {
      expect(() => parseArguments(argv, env)).toThrow(message);
    });
  }
  it('--help wins over everything else', () => {
    expect(parseArguments(['--bogus', '--directory', '/tmp', '--help'], {})).toEqual({ kind: 'help' });
    expect(parseArguments(['-h'], {})).toEqual({ kind: 'help' });
  });
});
