// Runs one scenario against the same app built on Express 5 and on Skiff, and compares what
// the clients saw. The scenario asserts Express's behaviour; Skiff must then answer the same.

import { createServer } from 'node:http';
import type { Server } from 'node:net';
import skiff from '@skiff/router';
import express, { type ErrorRequestHandler, type Express } from 'express';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';

/**
 * The part of an app that scenarios build on: Express's own declarations, so middleware
 * typed for Express fit. The Skiff app is handed over under the same type.
 */
export type AppLike = Pick<Express, 'use' | 'get' | 'post' | 'put' | 'delete' | 'all'>;

/** Which framework a side runs. */
export type Framework = 'express' | 'skiff';

/** A supertest agent: keeps cookies across the requests of a scenario. */
export type Agent = ReturnType<typeof request.agent>;

/** One response as the client saw it, reduced to what is compared. */
export interface Exchange {
  /** `METHOD /path`, to read a diff by. */
  readonly request: string;
  readonly status: number;
  /** Lower-case names, sorted, without the ignored ones, after `normalize`. */
  readonly headers: Record<string, string | string[]>;
  /** The body as text (decoded if it was compressed); a binary body as base64. */
  readonly body: string;
}

/** One framework's run of a scenario. */
export interface Side<Context> {
  readonly framework: Framework;
  /** An agent bound to this side's server (cookies kept, redirects not followed). */
  readonly agent: Agent;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** What `build` returned for this side (log lines, a store, …). */
  readonly context: Context;
  /** Records a value the scenario saw besides the responses (log lines, say); compared too. */
  observe(label: string, value: unknown): void;
}

/** How two runs are compared. */
export interface CompareOptions {
  /** Headers compared in spite of the default ignore list (e.g. `etag` set by serve-static). */
  readonly alsoCompare?: readonly string[];
  /** More headers to leave out. */
  readonly ignore?: readonly string[];
  /** Rewrites a header's value before it is compared (a random session id, a time). */
  readonly normalize?: Readonly<Record<string, (value: string) => string>>;
  /** Rewrites a body before it is compared. */
  readonly normalizeBody?: (body: string) => string;
}

/**
 * Headers that differ between the two servers for reasons of their own, not the middleware's:
 * - `date`: the clock.
 * - `connection`, `keep-alive`: node:http adds `Connection: keep-alive` and `Keep-Alive: timeout=5`
 *   to every HTTP/1.1 response; Skiff relies on HTTP/1.1's default persistence (RFC 9112 §9.3).
 * - `x-powered-by`: Express's `x-powered-by` setting; Skiff sends none.
 */
export const ignoredHeaders: readonly string[] = ['date', 'connection', 'keep-alive', 'x-powered-by'];

/** Every wait in these tests ends by this time. */
const WAIT_MS = 2000;

/** Resolves as `promise` does, or rejects once `ms` have passed. */
export function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits until `condition()` holds, checking every few milliseconds, for at most `ms`. */
export async function waitUntil(condition: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: still not so after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Listens on 127.0.0.1, port 0. */
export function listen(server: Server): Promise<void> {
  return within(
    WAIT_MS,
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    }),
    'listen',
  );
}

/** The base URL of a listening server. */
export function urlOf(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server is not listening on TCP');
  return `http://127.0.0.1:${address.port}`;
}

/** Closes a server, dropping its keep-alive connections first. */
export function close(server: Server & { closeAllConnections?: () => void }): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return within(
    WAIT_MS,
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections?.();
    }),
    'close',
  );
}

/** What one side of a scenario produced. */
export interface Run {
  readonly exchanges: Exchange[];
  readonly observations: { label: string; value: unknown }[];
  /** The scenario's own failure (an assertion, a dropped connection), if any. */
  readonly failure: unknown;
  /** Errors the server reported (Skiff's `handlerError`). */
  readonly serverErrors: unknown[];
  /** What was printed through console.error/warn and process warnings while the side ran. */
  readonly logged: string[];
}

function bodyOf(response: request.Response): string {
  if (typeof response.text === 'string') return response.text;
  if (Buffer.isBuffer(response.body)) return response.body.toString('base64');
  return '';
}

function record(response: request.Response, options: CompareOptions): Exchange {
  const compared = new Set(options.alsoCompare ?? []);
  const ignored = new Set(
    [...ignoredHeaders, ...(options.ignore ?? [])].filter((name) => !compared.has(name)),
  );
  const headers: Record<string, string | string[]> = {};
  const raw = response.headers as Record<string, string | string[] | undefined>;
  for (const name of Object.keys(raw).sort()) {
    const value = raw[name];
    if (ignored.has(name) || value === undefined) continue;
    // RFC 9110 §8.6: no Content-Length in a 204. Skiff drops one the app set (cors sets `0`); node:http sends it.
    if (name === 'content-length' && response.status === 204) continue;
    const rewrite = options.normalize?.[name];
    headers[name] = rewrite ? (Array.isArray(value) ? value.map(rewrite) : rewrite(value)) : value;
  }
  const req = (response as unknown as { req: { method: string; path: string } }).req;
  const body = bodyOf(response);
  return {
    request: `${req.method} ${req.path}`,
    status: response.status,
    headers,
    body: options.normalizeBody ? options.normalizeBody(body) : body,
  };
}

interface Started<Context> {
  readonly server: Server;
  readonly context: Context;
  readonly serverErrors: unknown[];
}

function start<Context>(framework: Framework, build: (app: AppLike) => Context): Started<Context> {
  if (framework === 'express') {
    const app = express();
    const context = build(app);
    return { server: createServer(app), context, serverErrors: [] };
  }
  const app = skiff();
  const serverErrors: unknown[] = [];
  app.on('handlerError', (error: unknown) => serverErrors.push(error));
  // The scenario's code is written once, against Express's types; Skiff must take it as it is.
  const context = build(app as unknown as AppLike);
  return { server: app, context, serverErrors };
}

/** Builds the app on one framework, runs the scenario on it, and closes the server. */
export async function runOn<Context>(
  framework: Framework,
  build: (app: AppLike) => Context,
  scenario: (side: Side<Context>) => Promise<void>,
  options: CompareOptions = {},
): Promise<Run> {
  // A middleware that catches its own failure often only prints it (express-rate-limit's validations do).
  const logged: string[] = [];
  const print = (...args: unknown[]) => {
    logged.push(args.map((arg) => (arg instanceof Error ? describeFailure(arg) : String(arg))).join(' '));
  };
  const onWarning = (warning: Error) => logged.push(describeFailure(warning));
  const consoleError = vi.spyOn(console, 'error').mockImplementation(print);
  const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(print);
  process.on('warning', onWarning);
  try {
    return await runScenario(framework, build, scenario, options, logged);
  } finally {
    consoleError.mockRestore();
    consoleWarn.mockRestore();
    process.off('warning', onWarning);
  }
}

async function runScenario<Context>(
  framework: Framework,
  build: (app: AppLike) => Context,
  scenario: (side: Side<Context>) => Promise<void>,
  options: CompareOptions,
  logged: string[],
): Promise<Run> {
  const { server, context, serverErrors } = start(framework, build);
  await listen(server);
  const url = urlOf(server);
  const exchanges: Exchange[] = [];
  const observations: { label: string; value: unknown }[] = [];
  const agent = request
    .agent(url)
    .redirects(0)
    .timeout({ response: WAIT_MS, deadline: WAIT_MS })
    .on('response', (response: request.Response) => exchanges.push(record(response, options)));
  let failure: unknown;
  try {
    await scenario({
      framework,
      agent,
      url,
      context,
      observe: (label, value) => observations.push({ label, value }),
    });
  } catch (error) {
    failure = error;
  } finally {
    await close(server);
  }
  return { exchanges, observations, failure, serverErrors, logged };
}

function describeFailure(failure: unknown): string {
  if (failure instanceof Error) return `${failure.name}: ${failure.message}`;
  return String(failure);
}

/**
 * Two tests for one scenario: on Express 5 (the scenario's own assertions), and on Skiff,
 * whose responses (status, compared headers, body), observations and printed messages must
 * equal Express's, with no error reported by the server and no failure of the scenario.
 */
export function sideBySide<Context>(
  title: string,
  build: (app: AppLike) => Context,
  scenario: (side: Side<Context>) => Promise<void>,
  options: CompareOptions = {},
): void {
  describe(title, () => {
    it('on Express 5', async () => {
      const run = await runOn('express', build, scenario, options);
      if (run.failure !== undefined) throw run.failure;
    });

    it('on Skiff, as on Express 5', async () => {
      const expected = await runOn('express', build, scenario, options);
      if (expected.failure !== undefined) throw expected.failure;
      const actual = await runOn('skiff', build, scenario, options);
      const seen = {
        exchanges: actual.exchanges,
        observations: actual.observations,
        failure: actual.failure === undefined ? undefined : describeFailure(actual.failure),
        serverErrors: actual.serverErrors.map(describeFailure),
        logged: actual.logged,
      };
      expect(seen).toEqual({
        exchanges: expected.exchanges,
        observations: expected.observations,
        failure: undefined,
        serverErrors: [],
        logged: expected.logged,
      });
    });
  });
}

/** The fields of an error that middleware fill in, sent as JSON: the same on both sides, unlike the final handlers' pages. */
export const errorAsJson: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const fields = (error ?? {}) as { status?: unknown; type?: unknown; code?: unknown; message?: unknown };
  const status = typeof fields.status === 'number' ? fields.status : 500;
  res.status(status).json({ status, type: fields.type, code: fields.code, message: fields.message });
};
