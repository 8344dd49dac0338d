import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@skiff/router';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type DemoOptions } from '../src/app.js';

/** What a suite gets from `demoFixture()`. */
export interface DemoFixture {
  app: () => App;
  port: () => number;
  directory: () => string;
  /** Errors the app reported as `handlerError` (a handler threw or rejected with a 5xx): none is expected. */
  handlerErrors: () => unknown[];
}

/** A demo app on a fresh temporary folder (with `fixture.txt`), listening on port 0 for the suite. */
export function demoFixture(options: Omit<DemoOptions, 'directory'> = {}): DemoFixture {
  let app: App | undefined;
  let directory = '';
  const handlerErrors: unknown[] = [];
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'skiff-demo-'));
    await writeFile(join(directory, 'fixture.txt'), 'Hello, World!');
    // The challenge's tester passes the folder with a trailing slash.
    app = buildApp({ ...options, directory: `${directory}/` });
    app.on('handlerError', (error: unknown) => handlerErrors.push(error));
    await new Promise<void>((resolve) => app?.listen(0, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
    await rm(directory, { recursive: true, force: true });
  });
  const started = (): App => {
    if (!app) throw new Error('the app is not started yet');
    return app;
  };
  return {
    app: started,
    port: () => (started().address() as AddressInfo).port,
    directory: () => directory,
    handlerErrors: () => handlerErrors,
  };
}
