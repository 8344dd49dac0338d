import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { get, listen, rawClient } from '../helpers/server.js';

describe.concurrent('async context between pipelined requests', () => {
  it('a store entered in one handler is not seen by the next request sent in the same write', async () => {
    const als = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    const { port } = await listen((req, res) => {
      seen.push(als.getStore());
      als.enterWith(req.url);
      res.end(req.url);
    });
    const client = await rawClient(port);
    client.send(get('/first') + get('/second'));
    await client.responses(2);
    expect(seen).toEqual([undefined, undefined]);
  });

  it('a store entered in an async handler is not seen by the request that waited behind it', async () => {
    const als = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    let insideEnd = false;
    const ranInsideEnd: boolean[] = [];
    const { port } = await listen((req, res) => {
      seen.push(als.getStore());
      ranInsideEnd.push(insideEnd);
      if (req.url !== '/first') {
        res.end(req.url);
        return;
      }
      als.enterWith(req.url);
      setTimeout(() => {
        insideEnd = true;
        res.end(req.url);
        insideEnd = false;
      }, 10);
    });
    const client = await rawClient(port);
    client.send(get('/first') + get('/second'));
    await client.responses(2);
    expect(seen).toEqual([undefined, undefined]);
    expect(ranInsideEnd).toEqual([false, false]);
  });
});
