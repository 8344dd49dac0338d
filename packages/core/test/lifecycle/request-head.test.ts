import { describe, expect, it } from 'vitest';
import { listen, parseResponses, rawClient } from '../helpers/server.js';

/** A request with `count` header fields besides Host. */
function manyFields(count: number): string {
  let fields = '';
  for (let index = 0; index < count; index++) fields += `X-F${index}: v\r\n`;
  return `GET / HTTP/1.1\r\nHost: x\r\n${fields}\r\n`;
}

describe.concurrent('header count', () => {
  it('500 header fields within maxHeaderSize are accepted by default', async () => {
    const { port } = await listen((req, res) => res.end(String(req.rawHeaders.length / 2)));
    const client = await rawClient(port);
    client.send(manyFields(499));
    const [response] = await client.responses(1);
    expect(response?.status).toBe(200);
    expect(response?.body).toBe('500');
  });

  it('more fields than maxHeaderCount get 431', async () => {
    const { port } = await listen((_req, res) => res.end(), { maxHeaderCount: 20 });
    const client = await rawClient(port);
    client.send(manyFields(20));
    const [response] = parseResponses(await client.closed());
    expect(response?.status).toBe(431);
  });
});

describe.concurrent('absolute-form target', () => {
  it('the host of an absolute-form target replaces the Host field', async () => {
    const { port } = await listen((req, res) => res.end(req.headers.host));
    const client = await rawClient(port);
    client.send('GET http://example.com:8080/x HTTP/1.1\r\nHost: other\r\n\r\n');
    const [response] = await client.responses(1);
    expect(response?.status).toBe(200);
    expect(response?.body).toBe('example.com:8080');
  });
});
