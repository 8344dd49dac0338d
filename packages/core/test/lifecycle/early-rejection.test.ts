import { describe, expect, it } from 'vitest';
import { listen, parseResponses, rawClient } from '../helpers/server.js';

// The first bytes of a TLS ClientHello, as sent by a client that speaks HTTPS to a plain HTTP port.
const clientHello = Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]);
const patient = { connectionsCheckingInterval: 10, headersTimeout: 10_000 };

describe.concurrent('requests refused from their first bytes', () => {
  it('a TLS ClientHello gets 400 and the close at once, without waiting for a line end', async () => {
    let calls = 0;
    const { port } = await listen((_req, res) => {
      calls++;
      res.end();
    }, patient);
    const client = await rawClient(port);
    client.send(clientHello);
    const [response] = parseResponses(await client.closed({ timeout: 2_000 }));
    expect(response?.status).toBe(400);
    expect(calls).toBe(0);
  });

  it('a fragment in the target gets 400', async () => {
    const { port } = await listen((_req, res) => res.end(), patient);
    const client = await rawClient(port);
    client.send('GET /a#b HTTP/1.1\r\nHost: x\r\n\r\n');
    const [response] = await client.responses(1);
    expect(response?.status).toBe(400);
    await client.closed();
  });

  it('a method of 1000 letters gets 501 or 400, never 414', async () => {
    let calls = 0;
    const { port } = await listen((_req, res) => {
      calls++;
      res.end();
    }, patient);
    const client = await rawClient(port);
    client.send(`${'A'.repeat(1000)} / HTTP/1.1\r\nHost: x\r\n\r\n`);
    const [response] = await client.responses(1);
    expect([400, 501]).toContain(response?.status);
    expect(calls).toBe(0);
    await client.closed();
  });
});

describe.concurrent('versions', () => {
  it('HTTP/1.2 is served as HTTP/1.1', async () => {
    const { port } = await listen((req, res) => res.end(req.httpVersion), patient);
    const client = await rawClient(port);
    client.send('GET / HTTP/1.2\r\nHost: x\r\n\r\n');
    const [response] = await client.responses(1);
    expect(response?.status).toBe(200);
    expect(response?.body).toBe('1.1');
  });
});
