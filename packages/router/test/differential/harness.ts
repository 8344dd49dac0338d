// Builds one app on Express 5 (node:http) and on Skiff, sends both the same request bytes,
// and says which parts of the two responses differ once the known noise is taken out.

import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import skiff, { json, Router, raw, text, urlencoded } from '@skiff/router';
import express, { type Express } from 'express';
import type { AppCase, Aspect, Kit, RequestSpec } from './types.js';
import { exchange, type WireResponse } from './wire.js';

/** Every wait of the suite ends by this time. */
const WAIT_MS = 5000;

/** Requests of one app in flight at once, on each framework. */
const IN_FLIGHT = 4;

/** A request ready to send: its name, method and bytes. */
export interface PreparedRequest {
  readonly name: string;
  readonly method: string;
  readonly bytes: Buffer;
}

/** Turns a request spec into the bytes both servers receive. */
export function prepare(spec: RequestSpec): PreparedRequest {
  if (typeof spec === 'string') return prepare({ line: spec });
  if ('raw' in spec) return { name: spec.name, method: spec.method, bytes: Buffer.from(spec.raw, 'latin1') };
  const [method = 'GET', target = '/'] = spec.line.split(' ');
  const headers: Record<string, string> = { ...spec.headers };
  const named = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);
  const fields: [string, string][] = named('host') ? [] : [['Host', 'example.test']];
  fields.push(...Object.entries(headers));
  // A string body goes as UTF-8; bytes go as they are (a gzip body, a Latin-1 one).
  const body = typeof spec.body === 'string' ? Buffer.from(spec.body, 'utf8') : Buffer.from(spec.body ?? []);
  if (spec.body !== undefined && !named('content-length') && !named('transfer-encoding')) {
    fields.push(['Content-Length', String(body.length)]);
  }
  const head = fields.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return {
    name: spec.name ?? spec.line,
    method,
    bytes: Buffer.concat([Buffer.from(`${method} ${target} HTTP/1.1\r\n${head}\r\n`, 'latin1'), body]),
  };
}

/** Both responses to one request. */
export interface Pair {
  readonly request: PreparedRequest;
  readonly express: WireResponse;
  readonly skiff: WireResponse;
}

const expressKit: Kit = {
  app: () => express(),
  Router: express.Router,
  json: express.json,
  urlencoded: express.urlencoded,
  text: express.text,
  raw: express.raw,
};

// The case's code is written against Express's types; Skiff's exports must take it as it is.
const skiffKit = { app: () => skiff(), Router, json, urlencoded, text, raw } as unknown as Kit;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('listen: no answer in time')), WAIT_MS);
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      clearTimeout(timer);
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server & { closeAllConnections?: () => void }): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, WAIT_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeAllConnections?.();
  });
}

/** Builds the app on both frameworks, sends every request to both, and closes them; the pairs keep the requests' order. */
export async function runCase(appCase: AppCase): Promise<Pair[]> {
  const expressApp = express();
  // Skiff's errors carry no stack unless `dev` is on: Express's production mode is the same choice.
  expressApp.set('env', 'production');
  appCase.build(expressApp, expressKit);
  const expressServer = createServer(expressApp);
  const skiffApp = skiff();
  // Errors reach the wire as responses; the server's own report would only be noise here.
  skiffApp.on('handlerError', () => undefined);
  appCase.build(skiffApp as unknown as Express, skiffKit);
  const [expressPort, skiffPort] = await Promise.all([listen(expressServer), listen(skiffApp)]);
  const requests = appCase.requests.map(prepare);
  const pairs: Pair[] = [];
  try {
    // A few connections at a time: each request has its own, and the apps keep no state between them.
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < requests.length; index = next++) {
        const request = requests[index] as PreparedRequest;
        const [fromExpress, fromSkiff] = await Promise.all([
          exchange(expressPort, request.bytes, request.method, WAIT_MS),
          exchange(skiffPort, request.bytes, request.method, WAIT_MS),
        ]);
        pairs[index] = { request, express: fromExpress, skiff: fromSkiff };
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  } finally {
    await Promise.all([close(expressServer), close(skiffApp)]);
  }
  return pairs;
}

/** A response reduced to what is compared. */
export interface Comparable {
  readonly status: number;
  readonly reason: string;
  /** Lower-case names, sorted; the values of a repeated field in the order received. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** UTF-8 text, or `base64:` and the bytes when they are not UTF-8. */
  readonly body: string;
  readonly problem: string | undefined;
}

function bodyText(body: Buffer): string {
  const text = body.toString('utf8');
  return Buffer.from(text, 'utf8').equals(body) ? text : `base64:${body.toString('base64')}`;
}

/**
 * The noise, taken out in this one place:
 * - `date`: the clock.
 * - `connection: keep-alive` and `keep-alive`: node:http adds them to every HTTP/1.1 response;
 *   HTTP/1.1 connections persist by default (RFC 9112 §9.3). `Connection: close` is compared.
 * - `x-powered-by`: Express's banner.
 * - framing: when one side sent chunked and the other a Content-Length, both are valid
 *   (RFC 9112 §6): the framing headers go and the decoded bodies are compared.
 * - header order across names: each side's own; the order of a repeated field is kept.
 * ETag is compared too.
 */
export function comparable(response: WireResponse, other: WireResponse): Comparable {
  const framingDiffers =
    response.framing !== other.framing &&
    (response.framing === 'chunked' || response.framing === 'length') &&
    (other.framing === 'chunked' || other.framing === 'length');
  const headers: Record<string, string[]> = {};
  for (const [name, value] of response.fields) {
    if (name === 'date' || name === 'x-powered-by' || name === 'keep-alive') continue;
    if (name === 'connection' && value.toLowerCase() === 'keep-alive') continue;
    if (framingDiffers && (name === 'transfer-encoding' || name === 'content-length')) continue;
    headers[name] ??= [];
    headers[name].push(value);
  }
  const sorted: Record<string, string[]> = {};
  for (const name of Object.keys(headers).sort()) sorted[name] = headers[name] ?? [];
  return {
    status: response.status,
    reason: response.reason,
    headers: sorted,
    body: bodyText(response.body),
    problem: response.problem,
  };
}

/** What one aspect of a response is, for a diff. */
export function aspectOf(response: Comparable, aspect: Aspect): unknown {
  if (aspect.startsWith('header:')) return response.headers[aspect.slice('header:'.length)];
  return response[aspect as 'status' | 'reason' | 'body' | 'problem'];
}

/** The aspects in which two responses differ. */
export function differences(expressSide: Comparable, skiffSide: Comparable): Aspect[] {
  const found: Aspect[] = [];
  for (const aspect of ['status', 'reason', 'body', 'problem'] as const) {
    if (expressSide[aspect] !== skiffSide[aspect]) found.push(aspect);
  }
  const names = new Set([...Object.keys(expressSide.headers), ...Object.keys(skiffSide.headers)]);
  for (const name of [...names].sort()) {
    const left = expressSide.headers[name] ?? [];
    const right = skiffSide.headers[name] ?? [];
    if (left.length !== right.length || left.some((value, index) => value !== right[index])) {
      found.push(`header:${name}`);
    }
  }
  return found;
}
