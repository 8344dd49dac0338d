import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'vitest';
import { silentClient } from '../helpers/clients.js';
import { acceptedSockets, get, listen, socketClosed } from '../helpers/server.js';

/** A client that never reads got a response with Connection: close; the server's side of its socket. */
async function answeredWithClose(): Promise<{ client: Socket; serverSide: Socket }> {
  const { server, port } = await listen((_req, res) => res.end('bye'), {
    connectionsCheckingInterval: 10,
    keepAliveTimeout: 10_000,
    headersTimeout: 10_000,
    lingeringTimeout: 100,
  });
  const sockets = acceptedSockets(server);
  const client = await silentClient(port);
  client.write(get('/', 'Connection: close\r\n'));
  await sleep(20);
  const [serverSide] = sockets;
  if (serverSide === undefined) throw new Error('The server saw no connection');
  return { client, serverSide };
}

describe.concurrent('lingering close', () => {
  it('lets go of a client that never reads nor closes, lingeringTimeout after the FIN went out', async () => {
    const { serverSide } = await answeredWithClose();
    await socketClosed(serverSide, 2_000);
  });

  it('lets go of a client that keeps sending after the FIN, lingeringTimeout after the FIN went out', async () => {
    const { client, serverSide } = await answeredWithClose();
    // Bounded: at most 300 writes, 10 ms apart, stopping once the server lets go (or the test is over).
    void (async () => {
      for (let round = 0; round < 300 && !serverSide.closed && !client.destroyed; round++) {
        client.write('garbage after the close\r\n');
        await sleep(10);
      }
    })();
    await socketClosed(serverSide, 2_000);
  });
});
