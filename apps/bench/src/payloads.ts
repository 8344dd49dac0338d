/**
 * What every bench server serves, in one place, so that all of them send the same bytes
 * and the smoke test checks them against the same values.
 */

/** Every server binds here, and all load goes here. */
export const HOST = '127.0.0.1';

/** Scenario 1 and 2: a route parameter sent back as text. */
export const ECHO_PATH = '/echo/hello';
/** The body `ECHO_PATH` answers with. */
export const ECHO_BODY = 'hello';

/** Scenario 3: a small JSON object behind three middleware. */
export const USER_PATH = '/users/42';
/** The header the auth middleware demands; the load sends it. */
export const AUTH_HEADER = 'Bearer bench-token';
/** The header the first middleware sets, so a test can see the chain ran. */
export const MIDDLEWARE_HEADER = 'x-bench';

/** The JSON the user route answers with. */
export function userBody(id: string): { id: string; name: string } {
  return { id, name: `User ${id}` };
}

/** Stands in for a request logger: called with what a logger reads, writes nothing. */
export function noopLog(_method: string, _url: string): void {
  // Deliberately empty: the cost measured is the middleware hop, not the I/O.
}

/**
 * The other routes registered around `/users/:id`, so routers that try routes in order
 * pay for the ones before it. Half sit before the user route and half after: 50 routes in all.
 */
export const DECOY_ROUTES_BEFORE: readonly string[] = decoys(0, 24);
/** See `DECOY_ROUTES_BEFORE`. */
export const DECOY_ROUTES_AFTER: readonly string[] = decoys(24, 49);

function decoys(from: number, to: number): string[] {
  const paths: string[] = [];
  for (let index = from; index < to; index++) paths.push(`/api/v1/resource-${index}/:id`);
  return paths;
}

/** Scenario 4: the route that reads and counts a request body. */
export const UPLOAD_PATH = '/upload';
/** Size of the body scenario 4 posts. */
export const UPLOAD_SIZE = 1024 * 1024;

/** Scenario 5: a text body large enough to be compressed. */
export const TEXT_PATH = '/text';
/** The 10 KiB text `TEXT_PATH` answers with, before compression. */
export const TEXT_BODY = makeText(10 * 1024);

// Numbered lines compress about as well as ordinary text or JSON does, not absurdly well.
function makeText(size: number): string {
  let text = '';
  for (let line = 0; text.length < size; line++) {
    text += `${String(line).padStart(4, '0')} The quick brown fox jumps over the lazy dog; ${(line * 7919) % 10007}\n`;
  }
  return text.slice(0, size);
}

/** The Content-Type every text route sends. */
export const TEXT_TYPE = 'text/plain; charset=utf-8';

/**
 * Scenarios 7–9: an app of `count` routes, the request hitting the last one registered.
 * The shapes cycle static, param, optional param and splat, each under its own first
 * segment (`/r17/...`), and the last is a param route. Routers that try routes in order
 * pay for all of them; indexed ones (radix trees, compiled matchers) should not.
 */
export const SCALE_ROUTE_COUNTS: readonly number[] = [10, 1_000, 10_000];

/** How a router spells an optional parameter and a splat. */
export type RouteDialect = 'path-to-regexp' | 'find-my-way';

/** The paths of a `count`-route app, in registration order. */
export function scaleRoutes(count: number, dialect: RouteDialect): string[] {
  const paths: string[] = [];
  for (let index = 0; index < count; index++) {
    const shape = index === count - 1 ? 1 : index % 4;
    const base = `/r${index}`;
    if (shape === 0) paths.push(`${base}/items`);
    else if (shape === 1) paths.push(`${base}/items/:id`);
    else if (shape === 2) paths.push(dialect === 'path-to-regexp' ? `${base}/opt{/:id}` : `${base}/opt/:id?`);
    else paths.push(dialect === 'path-to-regexp' ? `${base}/files/*path` : `${base}/files/*`);
  }
  return paths;
}

/** The request scenarios 7–9 send: to the last route of a `count`-route app. */
export function scaleTarget(count: number): string {
  return `/r${count - 1}/items/${SCALE_ID}`;
}

/** The id in `scaleTarget`, and the body every scale route answers with it. */
export const SCALE_ID = '42';
