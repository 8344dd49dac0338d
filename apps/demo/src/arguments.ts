import { resolve } from 'node:path';
import { demoDefaults } from './defaults.js';

/** What the demo is started with. */
export interface DemoArguments {
  /** Absolute folder for `/files`, or undefined when `--directory` was not given. */
  directory: string | undefined;
  /** Interface to listen on: HOST, or `localhost`. */
  host: string;
  /** Port to listen on: PORT, or 4221 (0 picks a free one). */
  port: number;
  /** Largest upload in bytes: `--max-upload`, or 10 MiB. */
  maxUpload: number;
  /** Milliseconds that requests in flight get after the first stop signal: `--shutdown-timeout`, or 5000. */
  shutdownTimeout: number;
}

/** What the command line asks for: a server to run, or the usage text. */
export type Invocation = { kind: 'run'; arguments: DemoArguments } | { kind: 'help' };

/** A command line the demo cannot run with; the message says what to change. Exit code 2, as for any usage error. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The one line of usage printed after a usage error. */
export const usageLine =
  'Usage: node apps/demo/dist/main.js [--directory <dir>] [--max-upload <size>] [--shutdown-timeout <ms>] [--help]';

/** What `--help` prints: the usage line, each option with its default, and the variables. */
export const help = [
  usageLine,
  '  --directory <dir>         folder that /files/:name reads and writes (must exist and be writable)',
  '  --max-upload <size>       largest POST /files body, in bytes or with kb/mb/gb (default 10mb); larger: 413',
  `  --shutdown-timeout <ms>   after Ctrl-C or SIGTERM, time left to requests in flight (default ${demoDefaults.shutdownTimeout})`,
  `  HOST, PORT                where to listen (default ${demoDefaults.host}:${demoDefaults.port}; PORT=0 picks a free port)`,
].join('\n');

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

function parseSize(text: string): number {
  const found = /^(\d+)(b|kb|mb|gb)?$/i.exec(text.trim());
  const size = found ? Number(found[1]) * (UNITS[(found[2] ?? '').toLowerCase()] ?? 1) : Number.NaN;
  if (!Number.isSafeInteger(size))
    throw new UsageError(`--max-upload must be a size like 1048576 or 10mb, got ${text}`);
  return size;
}

function parseTimeout(text: string): number {
  const milliseconds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  // 0 would mean "wait for ever" to the server's closeTimeout: a stop must stay bounded.
  if (!Number.isSafeInteger(milliseconds) || milliseconds < 1)
    throw new UsageError(`--shutdown-timeout must be a whole number of milliseconds above 0, got ${text}`);
  return milliseconds;
}

function parsePort(text: string | undefined): number {
  if (text === undefined || text === '') return demoDefaults.port;
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535)
    throw new UsageError(`PORT must be a port number from 0 to 65535, got ${text}`);
  return port;
}

const OPTIONS = ['--directory', '--max-upload', '--shutdown-timeout'] as const;
type OptionName = (typeof OPTIONS)[number];

function isOption(name: string): name is OptionName {
  return (OPTIONS as readonly string[]).includes(name);
}

/**
 * Reads `--directory`, `--max-upload`, `--shutdown-timeout` (each as `--name value` or
 * `--name=value`), `--help`, and the HOST and PORT variables. Throws UsageError for anything else.
 */
export function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv): Invocation {
  // Asking for help is never an error, whatever else is on the line.
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const given = new Map<OptionName, string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    // `pnpm start -- --directory /tmp/` passes the `--` on to the program: skip it.
    if (argument === '--') continue;
    const equals = argument.indexOf('=');
    const name = equals === -1 ? argument : argument.slice(0, equals);
    if (!isOption(name)) throw new UsageError(`Unknown argument ${JSON.stringify(argument)}`);
    const value = equals === -1 ? argv[index + 1] : argument.slice(equals + 1);
    if (equals === -1) index++;
    if (value === undefined || value === '' || (equals === -1 && value.startsWith('--')))
      throw new UsageError(
        `${name} needs a value, e.g. ${name === '--directory' ? '--directory /tmp/' : `${name}=1000`}`,
      );
    given.set(name, value);
  }
  const directory = given.get('--directory');
  const maxUpload = given.get('--max-upload');
  const shutdownTimeout = given.get('--shutdown-timeout');
  return {
    kind: 'run',
    arguments: {
      directory: directory === undefined ? undefined : resolve(directory),
      host: env.HOST === undefined || env.HOST === '' ? demoDefaults.host : env.HOST,
      port: parsePort(env.PORT),
      maxUpload: maxUpload === undefined ? demoDefaults.maxUpload : parseSize(maxUpload),
      shutdownTimeout:
        shutdownTimeout === undefined ? demoDefaults.shutdownTimeout : parseTimeout(shutdownTimeout),
    },
  };
}
