// The same API on every core: one worker process per core sharing the port, replaced one at
// a time on SIGHUP (a deploy) and stopped gracefully on SIGTERM or Ctrl-C.
import type { AddressInfo } from 'node:net';
import { runCluster } from '@skiff/router';
import { buildApp } from './app.js';
import { readConfig } from './config.js';

const { port, host } = readConfig(process.env);

const primary = runCluster({
  // Each worker runs this: build the app and listen. The primary owns the port.
  worker: () => {
    const app = buildApp();
    app.listen(port, host, () => {
      const { port: bound } = app.address() as AddressInfo;
      console.log(`worker ${process.pid}: notes API on http://${host}:${bound}/api/notes`);
    });
  },
  // A worker being replaced may take this long to finish its requests; above the app's closeTimeout (5 s).
  shutdownTimeout: 10_000,
});

if (primary)
  console.log(`primary ${process.pid}: kill -HUP ${process.pid} replaces the workers, Ctrl-C stops`);
