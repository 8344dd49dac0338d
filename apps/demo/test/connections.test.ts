import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { demoFixture } from './fixture.js';
import { requestBytes, WireClient } from './wire.js';

const fixture = demoFixture();

describe('persistent connections', () => {
  it('serves several requests on one connection', async () => {
    const client = await WireClient.open(fixture.port());
    for (const word of ['banana', 'mango', 'grape']) {
      client.send(requestBytes('GET', `/echo/${word}`));
      const response = await client.read();
      expect(response.body.toString()).toBe(word);
    }
    client.send(requestBytes('GET', '/user-agent', { 'User-Agent': 'orange/mango-grape' }));
    expect((await client.read()).body.toString()).toBe('orange/mango-grape');
    expect(client.closed).toBe(false);
    client.socket.destroy();
  });

  it('answers Connection: close with Connection: close, and closes right after', async () => {
    const client = await WireClient.open(fixture.port());
    client.send(requestBytes('GET', '/echo/first'));
    await client.read();
    client.send(requestBytes('GET', '/echo/last', { Connection: 'close' }));
    const response = await client.read();
    expect(response.headers.connection).toBe('close');
    expect(response.body.toString()).toBe('last');
    expect((await client.end()).length).toBe(0);
  });

  it('gzips on a kept-alive connection and then closes on request', async () => {
    const client = await WireClient.open(fixture.port());
    client.send(requestBytes('GET', '/echo/abc', { 'Accept-Encoding': 'gzip' }));
    const gzipped = await client.read();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).toString()).toBe('abc');
    client.send(requestBytes('GET', '/', { Connection: 'close' }));
    expect((await client.read()).status).toBe(200);
    await client.end();
  });

  for (const count of [2, 3]) {
    it(`serves ${count} connections opened before any request, answered in reverse order`, async () => {
      const clients = await Promise.all(Array.from({ length: count }, () => WireClient.open(fixture.port())));
      for (const [index, client] of [...clients.entries()].reverse()) {
        client.send(requestBytes('GET', `/echo/client-${index}`));
        const response = await client.read();
        expect(response.statusLine).toBe('HTTP/1.1 200 OK');
        expect(response.body.toString()).toBe(`client-${index}`);
      }
      for (const client of clients) client.socket.destroy();
    });
  }

  it("accepts the walkthrough's request without a Host line", async () => {
    const client = await WireClient.open(fixture.port());
    client.send('GET / HTTP/1.1\r\n\r\n');
    expect((await client.read()).statusLine).toBe('HTTP/1.1 200 OK');
    client.socket.destroy();
  });
});
