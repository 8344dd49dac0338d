import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { get, listen, parseResponses, rawClient } from '../helpers/server.js';

describe('graceful close', () => {
  it('closes idle connections at once and lets requests in flight finish with Connection: close', async () => {
    let finish: () => void = () => {};
    const { server, port } = await listen(async (req, res) => {
      if (req.url === '/slow')
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
      res.end(req.url);
    });
    const idle = await rawClient(port);
    idle.send(get('/quick'));
    await idle.waitFor((text) => text.endsWith('/quick'));
    const busy = await rawClient(port);
    busy.send(get('/slow'));
    await sleep(20);

    let closed = false;
    server.close(() => {
      closed = true;
    });
    const idleText = await idle.closed();
    expect(parseResponses(idleText)).toHaveLength(1);
    expect(closed).toBe(false);

    finish();
    const [response] = parseResponses(await busy.closed());
    expect(response?.body).toBe('/slow');
    expect(response?.header('connection')).toBe('close');
    await sleep(10);
    expect(closed).toBe(true);
  });

  it('destroys connections still busy after closeTimeout', async () => {
    const { server, port } = await listen(() => {}, { closeTimeout: 30 });
    const busy = await rawClient(port);
    busy.send(get('/never'));
    await sleep(20);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await busy.closed()).toBe('');
  });

  it('listens again after a close', async () => {
    const { server } = await listen((_req, res) => res.end('again'));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const client = await rawClient(typeof address === 'object' && address ? address.port : 0);
    client.send(get('/', 'Connection: close\r\n'));
    expect(parseResponses(await client.closed())[0]?.body).toBe('again');
  });
});
