import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from '@skiff/router';
import serveStatic from 'serve-static';

/** Middleware written for node:http (`(req, res, next)` on IncomingMessage and ServerResponse). */
type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => unknown;

/**
 * Mounts node:http middleware on Skiff. Skiff's req and res are its own classes: they have
 * what such middleware uses (a readable req, Node's response methods and events; see the
 * router README's "Works with" table, serve-static included), but not every member of
 * node:http's classes (`headersDistinct`, `setTimeout`, …), so TypeScript cannot prove the
 * fit and this one cast states it.
 */
function fromNodeMiddleware(middleware: NodeMiddleware): RequestHandler {
  return middleware as unknown as RequestHandler;
}

/**
 * Serves the files of `root`: `/` is `index.html`, with ETag and Last-Modified (so a browser's
 * revalidation gets 304), Range requests, and `Cache-Control: public, max-age` of `maxAge` ms.
 * A missing file passes on to the next handler.
 */
export function staticFiles(root: string, maxAge = 0): RequestHandler {
  return fromNodeMiddleware(serveStatic(root, { index: ['index.html'], maxAge }));
}
