import { describe, expect, it } from 'vitest';
import { get, listen, parseResponses, rawClient } from '../helpers/server.js';

const fast = { connectionsCheckingInterval: 10 };

describe('timeouts', () => {
  it('answers 408 and closes when the head does not arrive within headersTimeout', async () => {
    let calls = 0;
    const { port } = await listen(
      (_req, res) => {
        calls++;
        res.end();
      },
      { ...fast, headersTimeout: 50 },
    );
    const client = await rawClient(port);
    client.send('GET / HTTP/1.1\r\nHost: x\r\n');
    const [response] = parseResponses(await client.closed());
    expect(response?.status).toBe(408);
    expect(response?.header('connection')).toBe('close');
    expect(calls).toBe(0);
  });

  it('answers 408 when the body does not arrive within requestTimeout', async () => {
    const { port } = await listen(
      async (req, res) => {
        try {
          await req.readBody(1024);
          res.end('read');
        } catch {
          // The server answers 408 itself.
        }
      },
      { ...fast, requestTimeout: 50 },
    );
    const client = await rawClient(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
    const [response] = parseResponses(await client.closed());
    expect(response?.status).toBe(408);
  });

  it('closes an idle keep-alive connection after keepAliveTimeout', async () => {
    const { port } = await listen((_req, res) => res.end('x'), { ...fast, keepAliveTimeout: 50 });
    const client = await rawClient(port);
    client.send(get('/'));
    const text = await client.closed();
    expect(parseResponses(text).map((response) => response.status)).toEqual([200]);
  });

  it('answers 500 and warns when a handler never starts its response within handlerTimeout', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    const { port } = await listen(() => {}, { ...fast, handlerTimeout: 50 });
    const client = await rawClient(port);
    client.send(get('/forgotten'));
    const [response] = parseResponses(await client.closed());
    process.off('warning', onWarning);
    expect(response?.status).toBe(500);
    expect(warnings.some((message) => message.includes('/forgotten'))).toBe(true);
  });
});
