import { type App, compress, Router, skiff } from '@skiff/router';
import { boundPort, type RunningServer, runWhenMain, type ServeOptions } from '../bench-server.js';
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

/** The bench routes written with @skiff/router, the way the peers' are written with theirs. */

function usersRouter(): Router {
  const users = Router();
  users.use((_req, res, next) => {
    res.set(MIDDLEWARE_HEADER, '1');
    next();
  });
  users.use((req, _res, next) => {
    noopLog(req.method, req.originalUrl);
    next();
  });
  users.use((req, res, next) => {
    if (req.get('authorization') !== AUTH_HEADER) {
      res.status(401).set('Content-Type', TEXT_TYPE).send('Unauthorized');
      return;
    }
    next();
  });
  users.get('/:id', (req, res) => {
    res.json(userBody(String(req.params.id)));
  });
  return users;
}

/** The bench app, without listening. */
export function buildApp(options: ServeOptions = {}): App {
  const app = skiff();
  app.get('/echo/:str', (req, res) => {
    res.set('Content-Type', TEXT_TYPE).send(String(req.params.str));
  });
  for (const path of DECOY_ROUTES_BEFORE) app.get(path, (_req, res) => res.status(204).end());
  app.use('/users', usersRouter());
  for (const path of DECOY_ROUTES_AFTER) app.get(path, (_req, res) => res.status(204).end());
  app.post(UPLOAD_PATH, async (req, res) => {
    let received = 0;
    for await (const chunk of req) received += (chunk as Buffer).length;
    res.set('Content-Type', TEXT_TYPE).send(String(received));
  });
  app.use(TEXT_PATH, compress());
  app.get(TEXT_PATH, (_req, res) => {
    res.set('Content-Type', TEXT_TYPE).send(TEXT_BODY);
  });
  for (const path of scaleRoutes(options.routes ?? 0, 'path-to-regexp')) {
    app.get(path, (req, res) => {
      res.set('Content-Type', TEXT_TYPE).send((req.params as { id?: string }).id ?? SCALE_ID);
    });
  }
  return app;
}

/** Listens with `app` on 127.0.0.1 and resolves once it does. */
export function listenApp(app: App, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    app.once('error', reject);
    app.listen(port, HOST, () => {
      app.off('error', reject);
      resolve({
        port: boundPort(app.address()),
        close: () => new Promise<void>((done) => app.close(() => done())),
      });
    });
  });
}

/** Starts the Skiff server. */
export function start(port: number, options?: ServeOptions): Promise<RunningServer> {
  return listenApp(buildApp(options), port);
}

runWhenMain(import.meta.url, start);
