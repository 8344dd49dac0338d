import { describe, expect, it } from 'vitest';
import { trickle } from '../helpers/clients.js';
import { get, listen, parseResponses, rawClient } from '../helpers/server.js';

// Far more bytes than fit in the time bound: one every 10 ms, so the trickle would take about 5 s.
const slowHead = ` HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(500)}\r\n\r\n`;

/** A server with a short headersTimeout that records the targets its handler saw. */
async function recordingServer(): Promise<{ port: number; urls: string[] }> {
  const urls: string[] = [];
  const { port } = await listen(
    (req, res) => {
      urls.push(req.url);
      res.end('ok');
    },
    { connectionsCheckingInterval: 10, headersTimeout: 100, keepAliveTimeout: 10_000 },
  );
  return { port, urls };
}

describe.concurrent('slowloris: a head trickled byte by byte', () => {
  it('gets 408 and the close when the slow head starts in the same read as the request before it', async () => {
    const { port, urls } = await recordingServer();
    const client = await rawClient(port);
    client.send(`${get('/first')}GET /slow`);
    const slow = trickle(client.socket, slowHead);
    const text = await client.closed({ timeout: 2_000 });
    expect(slow.sent()).toBeLessThan(slow.total);
    const responses = parseResponses(text);
    expect(responses.map((response) => response.status)).toEqual([200, 408]);
    expect(responses[1]?.header('connection')).toBe('close');
    expect(urls).toEqual(['/first']);
  });

  it('gets 408 and the close when the slow head starts in a later read', async () => {
    const { port, urls } = await recordingServer();
    const client = await rawClient(port);
    client.send(get('/first'));
    await client.responses(1);
    const slow = trickle(client.socket, `GET /slow${slowHead}`);
    const text = await client.closed({ timeout: 2_000 });
    expect(slow.sent()).toBeLessThan(slow.total);
    const responses = parseResponses(text);
    expect(responses.map((response) => response.status)).toEqual([200, 408]);
    expect(responses[1]?.header('connection')).toBe('close');
    expect(urls).toEqual(['/first']);
  });

  it('gets 408 and the close when the body trickles in past requestTimeout', async () => {
    const { port } = await listen(
      async (req, res) => {
        try {
          res.end(await req.readBody());
        } catch {
          // The server answers the timeout itself.
        }
      },
      { connectionsCheckingInterval: 10, headersTimeout: 10_000, requestTimeout: 150 },
    );
    const client = await rawClient(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n');
    const slow = trickle(client.socket, 'b'.repeat(500));
    const text = await client.closed({ timeout: 2_000 });
    expect(slow.sent()).toBeLessThan(slow.total);
    const [response] = parseResponses(text);
    expect(response?.status).toBe(408);
    expect(response?.header('connection')).toBe('close');
  });
});
