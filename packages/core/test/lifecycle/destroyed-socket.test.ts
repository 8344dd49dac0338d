import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { get, listen, rawClient } from '../helpers/server.js';

describe('a destroyed socket', () => {
  it('dispatches nothing more: the requests pipelined behind are not handled', async () => {
    const urls: string[] = [];
    const { port } = await listen((req, res) => {
      urls.push(req.url);
      res.end('bye');
      req.socket.destroy();
    });
    const client = await rawClient(port);
    client.send(get('/1') + get('/2') + get('/3'));
    await client.closed();
    await sleep(20);
    expect(urls).toEqual(['/1']);
  });
});
