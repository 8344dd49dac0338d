import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Request } from '../../src/index.js';
import { acceptedSockets, listen, poll, rawClient, signal, within } from '../helpers/server.js';

describe('a body nobody reads', () => {
  it('made of 1-byte chunks: the server stops reading, holding about maxBodyBuffer bytes of it', async () => {
    const maxBodyBuffer = 4096;
    const received = signal<Request>();
    const { server, port } = await listen((req) => received.resolve(req), { maxBodyBuffer });
    const sockets = acceptedSockets(server);
    const client = await rawClient(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    // 60,000 chunks of one byte: 360 KB on the wire, in writes of about 4 KiB.
    const chunk = '1\r\nx\r\n';
    const write = chunk.repeat(700);
    const total = 60_000 * chunk.length;
    for (let sent = 0; sent < total; sent += write.length) client.send(write);
    const request = await within(received.promise, 'the handler to be called');
    await poll(() => sockets[0]?.isPaused() === true, 'the server to stop reading');
    const serverSide = sockets[0];
    await sleep(50);
    const readWhenPaused = serverSide?.bytesRead ?? 0;
    await sleep(50);
    expect(serverSide?.bytesRead).toBe(readWhenPaused);
    // Read: the body held, plus at most a read or two of the socket's own buffering; far from all of it.
    expect(readWhenPaused).toBeLessThan(total / 2);
    // Held for the handler: the buffer's worth plus at most one socket read (64 KiB), whatever the chunks.
    const stream = request.stream();
    expect(stream.readableLength).toBeLessThanOrEqual(maxBodyBuffer + 64 * 1024);
    // And held as a few pieces (one per read), not as one view per 1-byte chunk.
    const held = stream.readableLength;
    let pieces = 0;
    let bytes = 0;
    stream.on('data', (piece: Buffer) => {
      pieces++;
      bytes += piece.length;
    });
    await poll(() => bytes >= held, 'the held bytes to be read');
    expect(pieces).toBeLessThan(held / 100);
  });
});
