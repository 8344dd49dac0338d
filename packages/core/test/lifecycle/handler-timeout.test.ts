import { describe, expect, it } from 'vitest';
import { get, listen, parseResponses, rawClient, signal, within } from '../helpers/server.js';

describe.concurrent('handler time', () => {
  it('requestTimeout does not cut a long-poll whose request was received whole', async () => {
    const { port } = await listen(
      (_req, res) => {
        setTimeout(() => res.end('news'), 300);
      },
      { connectionsCheckingInterval: 10, requestTimeout: 50 },
    );
    const client = await rawClient(port);
    client.send(get('/poll', 'Connection: close\r\n'));
    const [response] = parseResponses(await client.closed());
    expect(response?.status).toBe(200);
    expect(response?.body).toBe('news');
  });

  it('a handler that has not answered within handlerTimeout gets a 500 and a SkiffWarning', async () => {
    const warning = signal<Error>();
    const onWarning = (emitted: Error) => {
      if (emitted.name === 'SkiffWarning' && emitted.message.includes('/forgotten')) warning.resolve(emitted);
    };
    process.on('warning', onWarning);
    try {
      const { port } = await listen(() => {}, { connectionsCheckingInterval: 10, handlerTimeout: 100 });
      const client = await rawClient(port);
      client.send(get('/forgotten'));
      const [response] = parseResponses(
        await client.waitFor((text) => text.includes('\r\n\r\n'), { timeout: 2_000 }),
      );
      expect(response?.status).toBe(500);
      expect((await within(warning.promise, 'a SkiffWarning')).name).toBe('SkiffWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
