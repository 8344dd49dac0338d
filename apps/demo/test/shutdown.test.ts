import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from './program.js';
import { requestBytes, WireClient } from './wire.js';

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'skiff-demo-stop-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A fresh folder for one run, so concurrent tests do not see each other's files. */
const folder = () => mkdtemp(join(scratch, 'run-'));

/** An upload whose head and first bytes are sent; the rest never comes unless the test sends it. */
async function stalledUpload(port: number, name: string): Promise<WireClient> {
  const client = await WireClient.open(port);
  client.send(`${requestBytes('POST', `/files/${name}`).slice(0, -2)}Content-Length: 10\r\n\r\n01234`);
  return client;
}

const STOPPING = /stopping; no new connections, requests in flight have (\d+) ms to finish/;

describe.concurrent('stopping', () => {
  it('the first SIGTERM stops accepting, says so in one line, and lets a request in flight finish', async () => {
    const directory = await folder();
    const { program, port } = await startDemo(['--directory', directory]);
    const client = await stalledUpload(port, 'late.txt');
    await sleep(50);
    program.child.kill('SIGTERM');
    await program.line(STOPPING);
    // No new connections.
    await expect(WireClient.open(port)).rejects.toThrow(/ECONNREFUSED/);
    client.send('56789');
    const response = await client.read();
    expect(response.status).toBe(201);
    expect(response.headers.connection).toBe('close');
    const exit = await program.exited(10_000);
    expect(exit.code).toBe(0);
    expect(await readFile(join(directory, 'late.txt'), 'utf8')).toBe('0123456789');
    expect(program.stdout().split('\n').filter(Boolean)).toHaveLength(2);
    expect(program.stderr()).toBe('');
  });

  it('ends within --shutdown-timeout when a client stalls mid-request, and leaves no temporary file', async () => {
    const directory = await folder();
    const { program, port } = await startDemo(['--directory', directory, '--shutdown-timeout', '300']);
    const client = await stalledUpload(port, 'stalled.txt');
    await sleep(50);
    const signalled = Date.now();
    program.child.kill('SIGTERM');
    const exit = await program.exited(10_000, signalled);
    expect(exit.code).toBe(0);
    // It waited for the request, but not for ever.
    expect(exit.elapsed).toBeGreaterThanOrEqual(250);
    // The bound is loose for a loaded CI machine; without one it would wait for ever.
    expect(exit.elapsed).toBeLessThan(4_000);
    expect(await client.end()).toHaveLength(0);
    expect(await readdir(directory)).toEqual([]);
    expect(program.stderr()).toBe('');
  });

  it('a second signal stops at once (exit 128 + signal), and leaves no temporary file', async () => {
    const directory = await folder();
    const { program, port } = await startDemo(['--directory', directory, '--shutdown-timeout', '20000']);
    await stalledUpload(port, 'forced.txt');
    await sleep(50);
    program.child.kill('SIGINT');
    await program.line(STOPPING);
    // Past the window in which copies of one Ctrl-C (forwarded by pnpm) count as one.
    await sleep(300);
    const signalled = Date.now();
    program.child.kill('SIGTERM');
    const exit = await program.exited(10_000, signalled);
    expect(exit.code).toBe(128 + 15);
    // Far below the 20 s it would otherwise wait.
    expect(exit.elapsed).toBeLessThan(5_000);
    expect(program.stdout()).toContain('SIGTERM again: stopping at once');
    expect(await readdir(directory)).toEqual([]);
  });

  it('copies of one Ctrl-C arriving together (as under pnpm) do not force the stop', async () => {
    const { program, port } = await startDemo(['--shutdown-timeout', '300']);
    const idle = connect(port, '127.0.0.1');
    idle.on('error', () => {});
    await new Promise((resolve) => idle.once('connect', resolve));
    for (const signal of ['SIGINT', 'SIGINT', 'SIGTERM'] as const) program.child.kill(signal);
    const exit = await program.exited(10_000);
    expect(exit.code).toBe(0);
    expect(program.stdout()).not.toContain('stopping at once');
    idle.destroy();
  });
});
