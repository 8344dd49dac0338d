import { buildApp } from './app.js';
import { parseArguments } from './arguments.js';

const { directory, port } = parseArguments(process.argv.slice(2), process.env);
const app = buildApp({ directory });

app.listen(port, () => {
  console.log(`Skiff demo listening on port ${port}${directory ? `, files in ${directory}` : ''}`);
});

// Finish the requests in flight, then exit, on Ctrl-C or a stop from a supervisor.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => app.close(() => process.exit(0)));
}
