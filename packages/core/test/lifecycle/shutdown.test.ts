import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Server } from '../../src/index.js';
import { get, listen, parseResponses, rawClient, signal, within } from '../helpers/server.js';

const patient = { connectionsCheckingInterval: 10, keepAliveTimeout: 10_000, headersTimeout: 10_000 };

/** Calls `server.close()`; the promise resolves when its callback runs, and fails after the bound. */
function closeServer(server: Server, ms = 2_000): Promise<void> {
  return within(new Promise<void>((resolve) => server.close(() => resolve())), 'the close() callback', ms);
}

describe.concurrent('shutdown', () => {
  it('close() ends an idle keep-alive connection at once', async () => {
    const { server, port } = await listen((req, res) => res.end(req.url), patient);
    const client = await rawClient(port);
    client.send(get('/'));
    await client.responses(1);
    const closing = closeServer(server);
    await client.closed({ timeout: 1_000 });
    await closing;
  });

  it('close() answers the first request of a connection accepted just before it, with Connection: close', async () => {
    const { server, port } = await listen((req, res) => res.end(req.url), patient);
    const client = await rawClient(port);
    // Connected, nothing sent yet: the request is still on its way when the server starts to close.
    await sleep(20);
    const closing = closeServer(server);
    client.send(get('/late'));
    const [response] = parseResponses(await client.closed({ timeout: 1_000 }));
    expect(response?.body).toBe('/late');
    expect(response?.header('connection')).toBe('close');
    await closing;
  });

  it('close() still ends a new connection that stays silent, at its keep-alive timeout', async () => {
    const { server, port } = await listen((req, res) => res.end(req.url), {
      ...patient,
      keepAliveTimeout: 100,
    });
    const client = await rawClient(port);
    await sleep(20);
    const closing = closeServer(server);
    await client.closed({ timeout: 1_000 });
    await closing;
  });

  it('close() ends a connection stalled in the middle of a head at once', async () => {
    let calls = 0;
    const { server, port } = await listen((_req, res) => {
      calls++;
      res.end();
    }, patient);
    const client = await rawClient(port);
    client.send('GET / HTTP/1.1\r\nHo');
    await sleep(20);
    const closing = closeServer(server);
    await client.closed({ timeout: 1_000 });
    await closing;
    expect(calls).toBe(0);
  });

  it('close() lets the request in flight finish, with Connection: close', async () => {
    const started = signal();
    const { server, port } = await listen((_req, res) => {
      started.resolve();
      setTimeout(() => res.end('late'), 100);
    }, patient);
    const client = await rawClient(port);
    client.send(get('/'));
    await within(started.promise, 'the handler to start');
    const closing = closeServer(server);
    const [response] = parseResponses(await client.closed());
    expect(response?.body).toBe('late');
    expect(response?.header('connection')).toBe('close');
    await closing;
  });

  it('close() destroys a connection whose handler never answers after closeTimeout, and still calls back', async () => {
    const started = signal();
    const { server, port } = await listen(() => started.resolve(), { ...patient, closeTimeout: 100 });
    const client = await rawClient(port);
    client.send(get('/'));
    await within(started.promise, 'the handler to start');
    const closing = closeServer(server);
    await client.closed({ timeout: 2_000 });
    await closing;
  });

  it('closeIdleConnections() ends the idle connections and lets busy ones finish', async () => {
    let release: () => void = () => {};
    const busyStarted = signal();
    const { server, port } = await listen((req, res) => {
      if (req.url !== '/busy') {
        res.end(req.url);
        return;
      }
      release = () => res.end('busy done');
      busyStarted.resolve();
    }, patient);
    const idle = await rawClient(port);
    idle.send(get('/idle'));
    await idle.responses(1);
    const busy = await rawClient(port);
    busy.send(get('/busy'));
    await within(busyStarted.promise, 'the busy handler to start');
    server.closeIdleConnections();
    await idle.closed({ timeout: 1_000 });
    expect(busy.isClosed()).toBe(false);
    release();
    const [response] = await busy.responses(1);
    expect(response?.body).toBe('busy done');
    expect(server.listening).toBe(true);
  });

  it('closeAllConnections() ends idle and busy connections at once', async () => {
    const busyStarted = signal();
    const { server, port } = await listen((req, res) => {
      if (req.url === '/busy') busyStarted.resolve();
      else res.end(req.url);
    }, patient);
    const idle = await rawClient(port);
    idle.send(get('/idle'));
    await idle.responses(1);
    const busy = await rawClient(port);
    busy.send(get('/busy'));
    await within(busyStarted.promise, 'the busy handler to start');
    server.closeAllConnections();
    await Promise.all([idle.closed({ timeout: 1_000 }), busy.closed({ timeout: 1_000 })]);
  });
});
