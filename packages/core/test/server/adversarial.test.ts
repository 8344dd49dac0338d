import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Server } from '../../src/index.js';
import { get, listen, parseResponses, rawClient } from '../helpers/server.js';

/** Resolves once the server has no connection left; false if that does not happen within `ms`. */
async function drained(server: Server, ms = 500): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 10) {
    const count = await new Promise<number>((resolve) => server.getConnections((_error, n) => resolve(n)));
    if (count === 0) return true;
    await sleep(10);
  }
  return false;
}

/** Waits (bounded) until the condition holds. */
async function until(condition: () => boolean, ms = 500): Promise<void> {
  for (let waited = 0; waited < ms && !condition(); waited += 5) await sleep(5);
}

describe('half-closing clients', () => {
  it('answers every request of a client that sends its FIN right after them', async () => {
    const { server, port } = await listen(async (req, res) => {
      await sleep(5);
      res.end(req.url);
    });
    const client = await rawClient(port);
    client.socket.end(get('/a') + get('/b'));
    const responses = parseResponses(await client.closed());
    expect(responses.map((response) => response.body)).toEqual(['/a', '/b']);
    expect(await drained(server)).toBe(true);
  });

  it('answers 400 and closes when the FIN comes in the middle of a head', async () => {
    let calls = 0;
    const { server, port } = await listen((_req, res) => {
      calls++;
      res.end();
    });
    const client = await rawClient(port);
    client.socket.end('GET / HTTP/1.1\r\nHost: x\r\n');
    const responses = parseResponses(await client.closed());
    expect(responses.map((response) => response.status)).toEqual([400]);
    expect(responses[0]?.header('connection')).toBe('close');
    expect(calls).toBe(0);
    expect(await drained(server)).toBe(true);
  });

  it('fails the body with ECONNRESET when the FIN comes in the middle of a body, and closes', async () => {
    let failure: unknown;
    const { server, port } = await listen(async (req, res) => {
      try {
        await req.readBody();
      } catch (error) {
        failure = error;
        res.statusCode = 400;
        res.end('incomplete');
      }
    });
    const client = await rawClient(port);
    client.socket.end('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly some');
    const [response] = parseResponses(await client.closed());
    expect(failure).toMatchObject({ code: 'ECONNRESET' });
    expect(response?.status).toBe(400);
    expect(await drained(server)).toBe(true);
  });
});

describe('slow clients', () => {
  it('serves a head trickled one byte at a time within headersTimeout', async () => {
    const { port } = await listen((req, res) => res.end(req.url), { headersTimeout: 5_000 });
    const client = await rawClient(port);
    for (const byte of get('/slow', 'Connection: close\r\n')) {
      client.send(byte);
      await sleep(0);
    }
    expect(parseResponses(await client.closed())[0]?.body).toBe('/slow');
  });

  it('answers 408 to a head trickled past headersTimeout, however steady the trickle', async () => {
    const { port } = await listen((_req, res) => res.end(), {
      headersTimeout: 40,
      connectionsCheckingInterval: 10,
    });
    const client = await rawClient(port);
    const head = `GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(200)}\r\n\r\n`;
    // Bounded: one byte per 2 ms for at most the head's length.
    for (const byte of head) {
      if (client.socket.destroyed || client.received() !== '') break;
      client.send(byte);
      await sleep(2);
    }
    expect(parseResponses(await client.closed())[0]?.status).toBe(408);
  });
});

describe('unread and abandoned bodies', () => {
  it('keeps serving after an unread body filled the body stream before the response', async () => {
    const size = 100 * 1024;
    const { port } = await listen(async (req, res) => {
      // Answer without reading, once the whole body is in (the stream is then over its highWaterMark).
      await until(() => req.complete);
      res.end(req.url);
    });
    const client = await rawClient(port);
    client.send(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`);
    client.send(Buffer.alloc(60 * 1024, 97));
    await sleep(10);
    client.send(Buffer.alloc(size - 60 * 1024, 97));
    await client.waitFor((text) => text.endsWith('/upload'));
    client.send(get('/next', 'Connection: close\r\n'));
    const responses = parseResponses(await client.closed());
    expect(responses.map((response) => response.body)).toEqual(['/upload', '/next']);
  });

  it('closes a connection paused on an unread body, even though it cannot drain it', async () => {
    const { server, port } = await listen(async (req, res) => {
      // Answer once the unread body has filled the stream and the socket is paused.
      await until(() => req.socket.isPaused());
      res.end(req.url);
    });
    const client = await rawClient(port);
    client.send(`POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`);
    client.socket.write(Buffer.alloc(1024 * 1024, 97));
    const [response] = parseResponses(await client.closed());
    expect(response?.body).toBe('/big');
    expect(response?.header('connection')).toBe('close');
    expect(await drained(server)).toBe(true);
  });

  it('keeps serving when the body consumer destroys the stream mid-way and the rest is small', async () => {
    const { port } = await listen(
      async (req, res) => {
        if (req.method === 'POST') {
          const stream = req.stream();
          await new Promise((resolve) => stream.once('data', resolve));
          stream.destroy();
          await sleep(5);
        }
        res.end(req.url);
      },
      { maxDrainSize: 1024 * 1024 },
    );
    const client = await rawClient(port);
    const size = 300 * 1024;
    client.send(`POST /partial HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`);
    client.send(Buffer.alloc(size, 97));
    client.send(get('/next', 'Connection: close\r\n'));
    const responses = parseResponses(await client.closed());
    expect(responses.map((response) => response.body)).toEqual(['/partial', '/next']);
  });

  it('closes when the body consumer destroys the stream mid-way and the rest is large', async () => {
    const { server, port } = await listen(async (req, res) => {
      const stream = req.stream();
      await new Promise((resolve) => stream.once('data', resolve));
      stream.destroy();
      await until(() => req.socket.isPaused(), 100);
      res.end(req.url);
    });
    const client = await rawClient(port);
    client.send(`POST /partial HTTP/1.1\r\nHost: x\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`);
    client.socket.write(Buffer.alloc(1024 * 1024, 97));
    const [response] = parseResponses(await client.closed());
    expect(response?.body).toBe('/partial');
    expect(await drained(server)).toBe(true);
  });
});

describe('heavy and broken clients', () => {
  it('answers 200 pipelined requests with bodies sent in one write, in order', async () => {
    const { port } = await listen(async (req, res) => {
      const body = await req.readBody();
      res.end(`${req.url}=${body.toString()}`);
    });
    const client = await rawClient(port);
    let batch = '';
    for (let index = 0; index < 200; index++) {
      const body = `body-${index}`;
      batch += `POST /${index} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    }
    client.send(`${batch}${get('/last', 'Connection: close\r\n')}`);
    const responses = parseResponses(await client.closed());
    expect(responses).toHaveLength(201);
    expect(responses[199]?.body).toBe('/199=body-199');
    expect(
      responses.slice(0, 200).every((response, index) => response.body === `/${index}=body-${index}`),
    ).toBe(true);
  });

  it('survives clients that disconnect at every stage, and keeps serving others', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { server, port } = await listen(async (req, res) => {
      if (req.url === '/async') await gate;
      if (req.url === '/stream') {
        for (let index = 0; index < 50 && !res.writableEnded; index++) {
          res.write('x'.repeat(64 * 1024));
          await sleep(1);
        }
      }
      if (req.method === 'POST') await req.readBody().catch(() => undefined);
      res.end(req.url);
    });
    const stages: ((client: Awaited<ReturnType<typeof rawClient>>) => Promise<void>)[] = [
      async (client) => client.send('GET / HTTP/1.1\r\nHo'),
      async (client) => client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc'),
      async (client) => client.send(get('/async')),
      async (client) => {
        client.send(get('/stream'));
        await client.waitFor((text) => text.length > 100_000);
      },
      async (client) => {
        client.send(get('/a') + get('/async') + get('/c'));
        await client.waitFor((text) => text.includes('/a'));
      },
    ];
    for (const stage of stages) {
      const client = await rawClient(port);
      await stage(client);
      await sleep(5);
      client.socket.destroy();
    }
    release();
    const client = await rawClient(port);
    client.send(get('/fine', 'Connection: close\r\n'));
    expect(parseResponses(await client.closed())[0]?.body).toBe('/fine');
    expect(await drained(server)).toBe(true);
  });
});
