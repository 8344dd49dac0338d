/**
 * Where the servers cannot send the same bytes or do the same work, said once, in the
 * report, so nobody reads a ratio without knowing it.
 */
export const DIFFERENCES: readonly string[] = [
  'All servers send the same bodies. Headers differ a little: header-name case (fastify and hono lowercase some), ' +
    "hono's `text/plain; charset=UTF-8` and bare `application/json`, fastify's `Keep-Alive: timeout=72`; " +
    'skiff sends no `Connection`/`Keep-Alive` headers (HTTP/1.1 connections persist without them). ' +
    'Express has `X-Powered-By` and `ETag` turned off to match the others.',
  'The ceiling is a node:net server that counts `\\r\\n\\r\\n` and writes canned bytes (Date refreshed once a second). ' +
    'It parses nothing and frames no bodies, so it has no row in the upload scenario. It is often client-bound: ' +
    'see its client CPU.',
  'node:http has no router: it picks the route with `startsWith`, pays for no route table and runs the three ' +
    'middleware as inline calls.',
  'Scenario 3: the user route sits 25th of 50 routes. The frameworks hang the three middleware on a router ' +
    'mounted at `/users`; fastify uses three `onRequest` hooks in an encapsulated plugin. Fastify (radix tree) ' +
    'and hono (one compiled regexp) do not care where the route sits; the others try routes in order.',
  'Scenario 4: fastify is given a catch-all content-type parser that leaves the body unread, so its handler ' +
    'streams `request.raw` like the others do.',
  'Scenario 5: each compresses the 10 KiB per request with its usual middleware: express `compression`, ' +
    'fastify `@fastify/compress`, koa `koa-compress`, hono `hono/compress` (CompressionStream), skiff `compress()`; ' +
    'node:http calls `zlib.gzipSync` in the handler; the ceiling sends bytes gzipped once at start. ' +
    'fastify, skiff and node:http compress a body already in memory synchronously and send Content-Length; ' +
    'express, koa and hono stream it through zlib on the thread pool, with chunked framing.',
  'skiff demo is apps/demo as it ships: no Date header (the challenge wants none) and `compress()` on every route ' +
    '(idle here: the load sends no Accept-Encoding). It is in scenario 1 only.',
];
