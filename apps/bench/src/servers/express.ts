import { createServer } from 'node:http';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
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

/** Express 5, with the `compression` middleware on the text route. */

function decoy(_req: Request, res: Response): void {
  res.sendStatus(204);
}

function usersRouter(): express.Router {
  const users = express.Router();
  users.use((_req: Request, res: Response, next: NextFunction) => {
    res.set(MIDDLEWARE_HEADER, '1');
    next();
  });
  users.use((req: Request, _res: Response, next: NextFunction) => {
    noopLog(req.method, req.originalUrl);
    next();
  });
  users.use((req: Request, res: Response, next: NextFunction) => {
    if (req.get('authorization') !== AUTH_HEADER) {
      res.status(401).type('text/plain').send('Unauthorized');
      return;
    }
    next();
  });
  users.get('/:id', (req: Request<{ id: string }>, res: Response) => {
    res.json(userBody(req.params.id));
  });
  return users;
}

/** Starts the Express server. */
export async function start(port: number, options: ServeOptions = {}): Promise<RunningServer> {
  const app = express();
  // Express adds these by default; off so every server sends the same headers.
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/echo/:str', (req: Request<{ str: string }>, res: Response) => {
    res.type('text/plain').send(req.params.str);
  });
  for (const path of DECOY_ROUTES_BEFORE) app.get(path, decoy);
  app.use('/users', usersRouter());
  for (const path of DECOY_ROUTES_AFTER) app.get(path, decoy);
  app.post(UPLOAD_PATH, async (req: Request, res: Response) => {
    let received = 0;
    for await (const chunk of req) received += (chunk as Buffer).length;
    res.type('text/plain').send(String(received));
  });
  app.get(TEXT_PATH, compression(), (_req: Request, res: Response) => {
    res.type('text/plain').send(TEXT_BODY);
  });
  for (const path of scaleRoutes(options.routes ?? 0, 'path-to-regexp')) {
    app.get(path, (req: Request, res: Response) => {
      res.type('text/plain').send((req.params as { id?: string }).id ?? SCALE_ID);
    });
  }
  // What app.listen() does, but with a promise and a close that ends idle sockets.
  const server = createServer(app);
  const bound = await listenOn(server, port, HOST);
  return { port: bound, close: () => closeHttpServer(server) };
}

runWhenMain(import.meta.url, start);
