// Starts a real nginx (Debian's `nginx` or `nginx-light`) as a reverse proxy in front of a
// local port, with upstream keep-alive, in a temporary directory of its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The nginx binary: on PATH, or where Debian puts it (sbin is not on every user's PATH). */
export function findNginx(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  dirs.push('/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin');
  return dirs.map((dir) => join(dir, 'nginx')).find((path) => existsSync(path));
}

/** How the proxy is set up. */
export interface ProxySetup {
  /** The port of the app behind the proxy (127.0.0.1). */
  readonly upstreamPort: number;
  /** How long nginx keeps an idle upstream connection (ms); must be shorter than the app's keepAliveTimeout. */
  readonly upstreamKeepAliveMs: number;
  /** What nginx sends as X-Forwarded-Proto: `$scheme`, or `https` for a proxy that terminates TLS. */
  readonly forwardedProto?: string;
}

/** A running nginx. */
export interface RunningNginx {
  /** `http://127.0.0.1:PORT`, nginx's address. */
  readonly url: string;
  readonly port: number;
  /** Stops nginx and removes its directory. */
  stop(): Promise<void>;
  /** nginx's error log so far, for failure messages. */
  errors(): Promise<string>;
}

/**
 * The proxy configuration users are told to write, with its paths in `dir`: HTTP/1.1 and an
 * empty Connection header upstream (without both, nginx opens a connection per request), the
 * X-Forwarded-* headers, and an upstream keep-alive shorter than the app's.
 */
function configuration(dir: string, port: number, setup: ProxySetup): string {
  return `
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 64m;
  upstream app {
    server 127.0.0.1:${setup.upstreamPort};
    keepalive 16;
    keepalive_timeout ${setup.upstreamKeepAliveMs}ms;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto ${setup.forwardedProto ?? '$scheme'};
      proxy_set_header X-Forwarded-Host $host;
    }
  }
}
`;
}

/** A port that was free a moment ago (nginx cannot report a port 0 it was given). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nginx in front of `setup.upstreamPort`; resolves once it accepts connections (within 5 s). */
export async function startProxy(binary: string, setup: ProxySetup): Promise<RunningNginx> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-nginx-'));
  // A free port may be taken between the probe and nginx's bind: try again then.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    await writeFile(join(dir, 'nginx.conf'), configuration(dir, port, setup));
    const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 5_000;
    while (child.exitCode === null && Date.now() < deadline && !(await accepts(port))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (child.exitCode === null && Date.now() < deadline) return running(child, exited, dir, port);
    child.kill('SIGKILL');
    await exited;
  }
  const log = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
  await rm(dir, { recursive: true, force: true });
  throw new Error(`nginx did not start:\n${log}`);
}

function running(child: ChildProcess, exited: Promise<void>, dir: string, port: number): RunningNginx {
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    errors: () => readFile(join(dir, 'error.log'), 'utf8').catch(() => ''),
    async stop() {
      // SIGQUIT: nginx's graceful stop; killed if it lingers.
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
