import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa, { type Context, type Next } from 'koa';
import compress from 'koa-compress';
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

/** Koa 3 with @koa/router; gzip is `koa-compress` on the text route. */

function decoy(ctx: Context): void {
  ctx.status = 204;
}

function usersRouter(): Router {
  const users = new Router();
  users.use(async (ctx: Context, next: Next) => {
    ctx.set(MIDDLEWARE_HEADER, '1');
    await next();
  });
  users.use(async (ctx: Context, next: Next) => {
    noopLog(ctx.method, ctx.originalUrl);
    await next();
  });
  users.use(async (ctx: Context, next: Next) => {
    if (ctx.get('authorization') !== AUTH_HEADER) {
      ctx.status = 401;
      ctx.body = 'Unauthorized';
      return;
    }
    await next();
  });
  users.get('/:id', (ctx) => {
    ctx.body = userBody(String(ctx.params.id));
  });
  return users;
}

/** Starts the Koa server. */
export async function start(port: number, options: ServeOptions = {}): Promise<RunningServer> {
  const app = new Koa();
  const router = new Router();
  router.get('/echo/:str', (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = ctx.params.str;
  });
  for (const path of DECOY_ROUTES_BEFORE) router.get(path, decoy);
  const users = usersRouter();
  router.use('/users', users.routes(), users.allowedMethods());
  for (const path of DECOY_ROUTES_AFTER) router.get(path, decoy);
  router.post(UPLOAD_PATH, async (ctx) => {
    let received = 0;
    for await (const chunk of ctx.req) received += (chunk as Buffer).length;
    ctx.type = 'text/plain';
    ctx.body = String(received);
  });
  router.get(TEXT_PATH, compress(), (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = TEXT_BODY;
  });
  for (const path of scaleRoutes(options.routes ?? 0, 'path-to-regexp')) {
    router.get(path, (ctx) => {
      ctx.type = 'text/plain';
      ctx.body = (ctx.params as { id?: string }).id ?? SCALE_ID;
    });
  }
  app.use(router.routes());
  app.use(router.allowedMethods());
  // What app.listen() does, but with a promise and a close that ends idle sockets.
  const server = createServer(app.callback());
  const bound = await listenOn(server, port, HOST);
  return { port: bound, close: () => closeHttpServer(server) };
}

runWhenMain(import.meta.url, start);
