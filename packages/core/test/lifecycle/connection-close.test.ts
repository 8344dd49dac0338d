import { describe, expect, it } from 'vitest';
import { get, listen, type RawClient, rawClient, type WireResponse } from '../helpers/server.js';

/**
 * Sends the first bytes, waits for the first response, then sends `rest` and a next request. The
 * rule: a server that closes the connection said `Connection: close` in the response before; one
 * that keeps it serves the next request.
 */
async function expectClosedOnlyIfSaid(
  client: RawClient,
  first: string,
  rest: string | Buffer,
): Promise<void> {
  client.send(first);
  const [response] = await client.responses(1);
  let next: WireResponse | undefined;
  if (!client.isClosed()) {
    client.send(rest);
    client.send(get('/next'));
    next = (await client.responses(2))[1];
  }
  if (client.isClosed()) expect(response?.header('connection')).toBe('close');
  else expect(next?.status).toBe(200);
}

const answersAtOnce = { maxDrainSize: 1024 };

describe.concurrent('a response after which the server closes says Connection: close', () => {
  it('an answer before a chunked body is complete, with more body to come than maxDrainSize', async () => {
    const { port } = await listen((req, res) => res.end(req.url), answersAtOnce);
    const client = await rawClient(port);
    const head = 'POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';
    const rest = `${'400\r\n'}${'x'.repeat(0x400)}\r\n`.repeat(8);
    await expectClosedOnlyIfSaid(client, `${head}5\r\nhello\r\n`, `${rest}0\r\n\r\n`);
  });

  it('an answer before a chunked body is complete, with little body to come', async () => {
    const { port } = await listen((req, res) => res.end(req.url), answersAtOnce);
    const client = await rawClient(port);
    const head = 'POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';
    await expectClosedOnlyIfSaid(client, `${head}5\r\nhello\r\n`, '3\r\nend\r\n0\r\n\r\n');
  });

  it('an answer to a request with Content-Length: 5, 5 whose body is not read', async () => {
    const { port } = await listen((req, res) => res.end(req.url), answersAtOnce);
    const client = await rawClient(port);
    await expectClosedOnlyIfSaid(
      client,
      'POST /twice HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhe',
      'llo',
    );
  });

  it('an early answer, sent before a large body arrives', async () => {
    const { port } = await listen((req, res) => res.end(req.url), answersAtOnce);
    const client = await rawClient(port);
    const size = 256 * 1024;
    await expectClosedOnlyIfSaid(
      client,
      `POST /large HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`,
      Buffer.alloc(size, 'y'),
    );
  });
});
