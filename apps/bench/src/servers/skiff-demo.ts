import { buildApp } from '@skiff/demo/dist/app.js';
import { type RunningServer, runWhenMain } from '../bench-server.js';
import { listenApp } from './skiff.js';

/**
 * The demo app from apps/demo as it ships (no Date header, gzip on every route when asked),
 * for scenario 1 only: it shows what the demo costs over the bare bench app.
 */

/** Starts the demo app. */
export function start(port: number): Promise<RunningServer> {
  return listenApp(buildApp({}), port);
}

runWhenMain(import.meta.url, start);
