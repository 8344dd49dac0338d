import fastifyCompress from '@fastify/compress';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type RunningServer, runWhenMain, type ServeOptions } from '../bench-server.js';
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
  TEXT_TYPE,
  UPLOAD_PATH,
  userBody,
} from '../payloads.js';

/**
 * Fastify 5. Its middleware are hooks, scoped to the user route by a plugin; gzip is
 * `@fastify/compress`, scoped to the text route the same way (its documented pattern).
 */

// Fastify's router is a radix tree, so where the user route sits among the others does not matter to it.
async function users(scope: FastifyInstance): Promise<void> {
  scope.addHook('onRequest', async (_request, reply) => {
    reply.header(MIDDLEWARE_HEADER, '1');
  });
  scope.addHook('onRequest', async (request) => {
    noopLog(request.method, request.url);
  });
  scope.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization !== AUTH_HEADER)
      return reply.code(401).type(TEXT_TYPE).send('Unauthorized');
  });
  scope.get('/:id', async (request: FastifyRequest<{ Params: { id: string } }>) =>
    userBody(request.params.id),
  );
}

async function text(scope: FastifyInstance): Promise<void> {
  await scope.register(fastifyCompress);
  scope.get(TEXT_PATH, async (_request, reply) => reply.type(TEXT_TYPE).send(TEXT_BODY));
}

function decoy(_request: FastifyRequest, reply: FastifyReply): void {
  reply.code(204).send();
}

/** Starts the Fastify server. */
export async function start(port: number, options: ServeOptions = {}): Promise<RunningServer> {
  const app = Fastify({ logger: false });
  app.get('/echo/:str', async (request: FastifyRequest<{ Params: { str: string } }>, reply) =>
    reply.type(TEXT_TYPE).send(request.params.str),
  );
  for (const path of DECOY_ROUTES_BEFORE) app.get(path, decoy);
  await app.register(users, { prefix: '/users' });
  for (const path of DECOY_ROUTES_AFTER) app.get(path, decoy);
  // Leave the body unread so the handler can stream it, as the other servers do.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.post(UPLOAD_PATH, async (request, reply) => {
    let received = 0;
    for await (const chunk of request.raw) received += (chunk as Buffer).length;
    return reply.type(TEXT_TYPE).send(String(received));
  });
  await app.register(text);
  for (const path of scaleRoutes(options.routes ?? 0, 'find-my-way')) {
    app.get(path, async (request: FastifyRequest<{ Params: { id?: string } }>, reply) =>
      reply.type(TEXT_TYPE).send(request.params.id ?? SCALE_ID),
    );
  }
  await app.listen({ port, host: HOST });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('Fastify did not bind a TCP port');
  return {
    port: address.port,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

runWhenMain(import.meta.url, start);
