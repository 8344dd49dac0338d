import { resolve } from 'node:path';

/** What the demo is started with. */
export interface DemoArguments {
  /** Absolute folder for `/files`, or undefined when `--directory` was not given. */
  directory: string | undefined;
  /** Port to listen on: PORT, or 4221. */
  port: number;
}

/** Reads `--directory <dir>` (or `--directory=<dir>`) and the PORT variable (default 4221). */
export function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv): DemoArguments {
  let directory: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (argument === '--directory') {
      const value = argv[index + 1];
      if (value === undefined) throw new Error('--directory needs a folder: --directory /tmp/files/');
      directory = value;
      index++;
    } else if (argument.startsWith('--directory=')) {
      directory = argument.slice('--directory='.length);
    }
  }
  const port = env.PORT === undefined ? 4221 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return { directory: directory === undefined ? undefined : resolve(directory), port };
}
