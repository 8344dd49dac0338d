import type { AddressInfo, Server } from 'node:net';

/** Listens on host:port; resolves with the address bound, or rejects with listen's error. */
export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** One line that says why listening failed and what to change, instead of a stack. */
export function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host}:${port}`;
  const another = `pick another port with PORT, e.g. PORT=${port === 65535 ? 4222 : port + 1} (PORT=0 takes any free port)`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `Cannot listen on ${where}: port ${port} is already in use; stop what uses it or ${another}`;
    case 'EACCES':
      return `Cannot listen on ${where}: permission denied (ports below 1024 need privileges); ${another}`;
    case 'EADDRNOTAVAIL':
      return `Cannot listen on ${where}: ${host} is not an address of this machine; set HOST to one that is (e.g. HOST=127.0.0.1)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot listen on ${where}: the host name ${host} does not resolve; set HOST to an address (e.g. HOST=127.0.0.1)`;
    default:
      return `Cannot listen on ${where}: ${error.message}`;
  }
}
