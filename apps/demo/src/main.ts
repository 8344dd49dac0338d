import type { AddressInfo } from 'node:net';
import { help, type Invocation, parseArguments, UsageError, usageLine } from './arguments.js';
import { checkDirectory } from './check-directory.js';
import { listen, listenFailure } from './listen.js';
import { stopOnSignals } from './shutdown.js';

/** Hosts that listen on every interface: with `--directory`, anyone on the network can read and write there. */
const EVERY_INTERFACE = new Set(['0.0.0.0', '::', '[::]']);

/** Starts the demo; resolves with the exit code when it cannot start (or only prints help), else undefined. */
async function start(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number | undefined> {
  let invocation: Invocation;
  try {
    invocation = parseArguments(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${usageLine}`);
    return 2;
  }
  if (invocation.kind === 'help') {
    console.log(help);
    return 0;
  }
  const { directory, host, port, maxUpload, shutdownTimeout } = invocation.arguments;
  if (directory !== undefined) {
    try {
      await checkDirectory(directory);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      console.error(error.message);
      return 2;
    }
  }

  // Loaded only now: `--help` and a usage error answer without loading the framework.
  const { buildApp } = await import('./app.js');
  const app = buildApp({ directory, maxUpload, closeTimeout: shutdownTimeout });
  let address: AddressInfo;
  try {
    address = await listen(app, host, port);
  } catch (error) {
    console.error(listenFailure(error as NodeJS.ErrnoException, host, port));
    return 1;
  }
  // Before the line that says it is listening: whoever reads that line may signal at once.
  stopOnSignals(app, { timeout: shutdownTimeout, log: console.log });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  console.log(
    `Skiff demo listening on ${url} (address ${address.address}, port ${address.port})${directory ? `; files in ${directory}` : ''}`,
  );
  if (directory !== undefined && EVERY_INTERFACE.has(host))
    console.log(`Warning: HOST=${host} lets anyone who can reach this machine read and write ${directory}`);
  return undefined;
}

const code = await start(process.argv.slice(2), process.env);
// exitCode, not exit(): what was printed reaches a pipe whole before the process ends.
if (code !== undefined) process.exitCode = code;
