import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { closeHttpServer, listenOn, type RunningServer, runWhenMain } from '../bench-server.js';
import {
  AUTH_HEADER,
  HOST,
  MIDDLEWARE_HEADER,
  noopLog,
  TEXT_BODY,
  TEXT_PATH,
  TEXT_TYPE,
  UPLOAD_PATH,
  userBody,
} from '../payloads.js';

/**
 * node:http with the routes written by hand: the baseline every framework is compared
 * with. It has no router, so it pays for no route table; the three middleware of the
 * user route are inlined, and gzip is zlib's `gzipSync`, called in the handler.
 */

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function user(req: IncomingMessage, res: ServerResponse, id: string): void {
  res.setHeader(MIDDLEWARE_HEADER, '1');
  noopLog(req.method ?? '', req.url ?? '');
  if (req.headers.authorization === AUTH_HEADER) {
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(userBody(id)));
  } else {
    send(res, 401, TEXT_TYPE, 'Unauthorized');
  }
}

async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let received = 0;
  for await (const chunk of req) received += (chunk as Buffer).length;
  send(res, 200, TEXT_TYPE, String(received));
}

function text(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Vary', 'Accept-Encoding');
  if (!/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    send(res, 200, TEXT_TYPE, TEXT_BODY);
    return;
  }
  // Synchronous, as fastify's and skiff's middleware do for a body already in memory: for 10 KiB
  // a trip to the thread pool costs more than it saves on one core.
  res.setHeader('Content-Encoding', 'gzip');
  send(res, 200, TEXT_TYPE, gzipSync(TEXT_BODY));
}

// The last scale route, matched by hand: node:http has no route table to grow.
const SCALE_PATH = /^\/r\d+\/items\/([^/?]+)$/;

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url.startsWith('/echo/')) send(res, 200, TEXT_TYPE, url.slice(6));
  else if (req.method === 'GET' && url.startsWith('/users/')) user(req, res, url.slice(7));
  else if (req.method === 'GET' && url === TEXT_PATH) text(req, res);
  else if (req.method === 'POST' && url === UPLOAD_PATH) upload(req, res).catch(() => res.destroy());
  else if (req.method === 'GET' && SCALE_PATH.test(url))
    send(res, 200, TEXT_TYPE, SCALE_PATH.exec(url)?.[1] ?? '');
  else send(res, 404, TEXT_TYPE, 'Not Found');
}

/** Starts the node:http server. */
export async function start(port: number): Promise<RunningServer> {
  const server = createServer(route);
  const bound = await listenOn(server, port, HOST);
  return { port: bound, close: () => closeHttpServer(server) };
}

runWhenMain(import.meta.url, start);
