import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/arguments.js';
import { checkDirectory } from '../src/check-directory.js';
import { runDemo, startDemo } from './program.js';
import { requestBytes, WireClient } from './wire.js';

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'skiff-demo-cli-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Lines of output, without the empty one after the last newline. */
const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe.concurrent('where it listens', () => {
  it('listens on localhost by default: a loopback address, never every interface', async () => {
    const { program, address } = await startDemo([], { HOST: undefined });
    expect(program.stdout()).toMatch(/^Skiff demo listening on http:\/\/localhost:\d+ /);
    expect(address).toMatch(/^(127\.\d+\.\d+\.\d+|::1)$/);
    program.child.kill('SIGTERM');
    expect((await program.exited()).code).toBe(0);
  });

  it('takes HOST and PORT, and serves there', async () => {
    const { program, port, address } = await startDemo([], { HOST: '127.0.0.1' });
    expect(address).toBe('127.0.0.1');
    const client = await WireClient.open(port);
    client.send(requestBytes('GET', '/echo/here'));
    expect((await client.read()).body.toString()).toBe('here');
    client.socket.destroy();
    program.child.kill('SIGTERM');
    expect((await program.exited()).code).toBe(0);
  });

  it('a busy port: one line naming the port and how to pick another, no stack, exit 1', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const program = runDemo([], { PORT: String(port) });
      const exit = await program.exited();
      expect(exit.code).toBe(1);
      expect(lines(program.stderr())).toEqual([expect.stringContaining(`port ${port} is already in use`)]);
      expect(program.stderr()).toContain('PORT=');
      expect(program.stdout()).toBe('');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe.concurrent('command line', () => {
  it('--help prints the usage with every option, exit 0', async () => {
    const program = runDemo(['--help']);
    expect((await program.exited()).code).toBe(0);
    expect(program.stdout()).toMatch(/^Usage: /);
    for (const option of ['--directory', '--max-upload', '--shutdown-timeout', 'HOST', 'PORT'])
      expect(program.stdout()).toContain(option);
  });

  // One unknown flag and one bad variable; every other refusal is a case in arguments.test.ts.
  const refused: { args: string[]; env?: Record<string, string>; says: string }[] = [
    { args: ['--bogus'], says: 'Unknown argument "--bogus"' },
    { args: [], env: { PORT: 'http' }, says: 'PORT must be a port number' },
  ];
  for (const { args, env, says } of refused) {
    it(`refuses ${[...args, ...Object.entries(env ?? {}).map((entry) => entry.join('='))].join(' ')} with the usage line, exit 2`, async () => {
      const program = runDemo(args, env);
      expect((await program.exited()).code).toBe(2);
      expect(lines(program.stderr())).toEqual([
        expect.stringContaining(says),
        expect.stringMatching(/^Usage: /),
      ]);
    });
  }
});

describe.concurrent('--directory is checked at start', () => {
  it('a folder that is not there: one clear line, exit 2', async () => {
    const folder = join(scratch, 'nowhere');
    const program = runDemo(['--directory', folder]);
    expect((await program.exited()).code).toBe(2);
    expect(lines(program.stderr())).toEqual([
      `--directory ${folder} does not exist; create it (mkdir -p ${folder}) or name another`,
    ]);
    expect(program.stdout()).toBe('');
  });

  // The other refusals, in-process: the program prints the message and exits 2 the same way.
  const cases: { name: string; directory: () => Promise<string>; says: RegExp; skip?: boolean }[] = [
    { name: 'missing', directory: async () => join(scratch, 'missing'), says: /does not exist/ },
    {
      name: 'a file',
      directory: async () => {
        await writeFile(join(scratch, 'plain.txt'), 'x');
        return join(scratch, 'plain.txt');
      },
      says: /is a file, not a directory$/,
    },
    {
      name: 'read-only',
      directory: async () => {
        const folder = await mkdtemp(join(scratch, 'read-only-'));
        await chmod(folder, 0o500);
        return folder;
      },
      says: /is not readable and writable by this user/,
      // root may write anywhere: the check cannot fail for it.
      skip: process.getuid?.() === 0,
    },
  ];
  for (const { name, directory, says, skip } of cases) {
    it.skipIf(skip)(`refuses a folder that is ${name}`, async () => {
      const folder = await directory();
      await expect(checkDirectory(folder)).rejects.toThrow(says);
      await expect(checkDirectory(folder)).rejects.toBeInstanceOf(UsageError);
    });
  }

  it('accepts a folder it can read and write', async () => {
    await expect(checkDirectory(scratch)).resolves.toBeUndefined();
  });
});
