import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildSite, type Site } from '../src/app.js';
import { closed, connect, listen, nextMessage, within } from './ws.js';

let site: Site;
let base: string;
const clients: WebSocket[] = [];

/** A client connected to `/ws`, terminated after the test if it is still open. */
async function client(path = '/ws'): Promise<WebSocket> {
  const connected = await connect(`${base}${path}`);
  clients.push(connected);
  return connected;
}

beforeEach(async () => {
  site = buildSite();
  base = await listen(site);
});

afterEach(async () => {
  for (const open of clients.splice(0)) open.terminate();
  await within(site.close(), 'site.close()');
});

describe('the chat at /ws', () => {
  it('sends a message to every client, the sender included', async () => {
    const alice = await client();
    const bob = await client();
    const toAlice = nextMessage(alice);
    const toBob = nextMessage(bob);
    alice.send('hello from alice');
    expect(await toAlice).toBe('hello from alice');
    expect(await toBob).toBe('hello from alice');
  });

  it('refuses an upgrade on another path with 404', async () => {
    const stray = new WebSocket(`${base}/elsewhere`);
    const status = await within(
      new Promise<number | undefined>((resolve) => {
        stray.once('unexpected-response', (_req, res) => resolve(res.statusCode));
        stray.once('error', () => resolve(undefined));
      }),
      'the refusal',
    );
    stray.terminate();
    expect(status).toBe(404);
  });

  it('closes with 1003 on a binary message', async () => {
    const sender = await client();
    const done = closed(sender);
    sender.send(Buffer.from([1, 2, 3]));
    expect((await done).code).toBe(1003);
  });

  it('closes with 1009 on a message over maxPayload', async () => {
    const sender = await client();
    const done = closed(sender);
    sender.send('x'.repeat(5000));
    expect((await done).code).toBe(1009);
  });

  it('site.close() says 1001 Going Away to every client, and the server stops', async () => {
    const open = await client();
    const done = closed(open);
    await within(site.close(), 'site.close()');
    expect(await done).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(site.app.listening).toBe(false);
  });
});
