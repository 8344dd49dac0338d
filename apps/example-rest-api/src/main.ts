import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { readConfig } from './config.js';

const { port, host } = readConfig(process.env);
const app = buildApp();

app.listen(port, host, () => {
  // PORT=0 picks a free port: print the one the system gave.
  const { port: bound } = app.address() as AddressInfo;
  console.log(`Notes API on http://${host}:${bound}/api/notes`);
});

// Stop taking connections, let the requests in flight finish, then exit, on Ctrl-C or a
// stop from a supervisor (Docker, systemd). Skiff destroys what is still open after its
// closeTimeout (5 s), so this cannot hang.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => app.close(() => process.exit(0)));
}
