import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import {
  closeHttpServer,
  listenOn,
  type RunningServer,
  runWhenMain,
  type ServeOptions,
} from '../bench-server.js';
import {
  AUTH_HEADER,
  DECOY_ROUTES_AFTER,
  DECOY_ROUTES_BEFORE,
  HOST,
  MIDDLEWARE_HEADER,
  noopLog,
  SCALE_ID,
  scaleRoutes,
  TEXT_BODY,
  TEXT_PATH,
  UPLOAD_PATH,
  userBody,
} from '../payloads.js';

/** Hono 4 on @hono/node-server; gzip is `hono/compress` (CompressionStream) on the text route. */

function usersApp(): Hono {
  const users = new Hono();
  users.use(
    async (c, next) => {
      c.header(MIDDLEWARE_HEADER, '1');
      await next();
    },
    async (c, next) => {
      noopLog(c.req.method, c.req.url);
      await next();
    },
    async (c, next) => {
      if (c.req.header('authorization') !== AUTH_HEADER) return c.text('Unauthorized', 401);
      await next();
    },
  );
  users.get('/:id', (c) => c.json(userBody(c.req.param('id'))));
  return users;
}

/** Starts the Hono server. */
export async function start(port: number, options: ServeOptions = {}): Promise<RunningServer> {
  const app = new Hono();
  app.get('/echo/:str', (c) => c.text(c.req.param('str')));
  for (const path of DECOY_ROUTES_BEFORE) app.get(path, (c) => c.body(null, 204));
  app.route('/users', usersApp());
  for (const path of DECOY_ROUTES_AFTER) app.get(path, (c) => c.body(null, 204));
  app.post(UPLOAD_PATH, async (c) => {
    let received = 0;
    const body = c.req.raw.body;
    if (body !== null) for await (const chunk of body) received += chunk.length;
    return c.text(String(received));
  });
  app.get(TEXT_PATH, compress(), (c) => c.text(TEXT_BODY));
  for (const path of scaleRoutes(options.routes ?? 0, 'find-my-way')) {
    app.get(path, (c) => c.text(c.req.param('id') ?? SCALE_ID));
  }
  // What serve() does, but with a promise and a close that ends idle sockets.
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const bound = await listenOn(server, port, HOST);
  return { port: bound, close: () => closeHttpServer(server) };
}

runWhenMain(import.meta.url, start);
