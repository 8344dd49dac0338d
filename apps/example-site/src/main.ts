import type { AddressInfo } from 'node:net';
import { buildSite } from './app.js';
import { readConfig } from './config.js';

const { port, host } = readConfig(process.env);
const site = buildSite();

site.app.listen(port, host, () => {
  // PORT=0 picks a free port: print the one the system gave.
  const { port: bound } = site.app.address() as AddressInfo;
  console.log(`Site on http://${host}:${bound}/`);
});

// On Ctrl-C or a stop from a supervisor: say goodbye to the chat's sockets, let the HTTP
// requests in flight finish, then exit. Both steps have bounded waits (the chat's grace
// period, Skiff's closeTimeout), so this cannot hang.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    site.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
