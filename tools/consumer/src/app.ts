// A small app as a user writes it against the published packages: a typed route parameter,
// middleware, a router, error middleware and listen, all from the tarballs' types.
import type { AddressInfo } from 'node:net';
import { createServer } from '@skiff/core';
import skiff, {
  HttpError,
  json,
  type NextFunction,
  type Request,
  type Response,
  Router,
} from '@skiff/router';

/** Makes the consumer's app. */
export function createApp() {
  const app = skiff();
  app.use(json());
  app.use((_req, res, next) => {
    res.set('X-Consumer', 'yes');
    next();
  });

  const users = Router();
  users.get('/:id', (req, res) => {
    const id: string = req.params.id;
    // @ts-expect-error: the path has no :name, so req.params has no name.
    req.params.name;
    if (id === '0') throw new HttpError(404, 'No such user');
    res.json({ id });
  });
  users.post('/', (req, res) => res.status(201).json(req.body));
  app.use('/users', users);

  app.get('/boom', () => {
    throw new Error('boom');
  });

  // Error middleware: four declared parameters.
  app.use((err: Error, _req: Request, res: Response, next: NextFunction) => {
    if (err.message !== 'boom') return next(err);
    res.status(500).json({ error: err.message });
  });
  return app;
}

/** Listens on `port` (0: any free port) and resolves with the port bound. */
export function start(port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const app = createApp();
  return new Promise((resolve) => {
    app.listen(port, '127.0.0.1', () => {
      const bound = (app.address() as AddressInfo).port;
      resolve({ port: bound, close: () => new Promise<void>((done) => app.close(() => done())) });
    });
  });
}

/** A bare core server, for the packages' second entry point. */
export const coreServer = createServer((_req, res) => res.end('core\n'));
