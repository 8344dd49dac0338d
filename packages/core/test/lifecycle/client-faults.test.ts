import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { Server } from '../../src/index.js';
import { get, listen, parseResponses, rawClient, signal, within } from '../helpers/server.js';

/** What 'clientError' reports. */
interface ClientErrorReport {
  code: unknown;
  status: unknown;
}

/** The first 'clientError' the server emits, as code and status; wait for it with `reported()`. */
function firstClientError(server: Server): { reported(): Promise<ClientErrorReport> } {
  const first = signal<ClientErrorReport>();
  server.on('clientError', (error: { code?: unknown; status?: unknown }) =>
    first.resolve({ code: error.code, status: error.status }),
  );
  return { reported: () => within(first.promise, 'a clientError event', 1_000) };
}

// Not concurrent: every test here checks that nothing at all went to console.error.
describe('client faults are not server faults', () => {
  let consoleError: MockInstance;
  beforeEach(() => {
    consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    consoleError.mockRestore();
  });

  it('a FIN in the middle of a body being read gets a 400 or the close, never a 500', async () => {
    const { server, port } = await listen(async (req, res) => {
      res.end(await req.readBody());
    });
    const clientError = firstClientError(server);
    const client = await rawClient(port);
    client.send(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n${'a'.repeat(50)}`);
    client.socket.end();
    const statuses = parseResponses(await client.closed({ timeout: 2_000 })).map(
      (response) => response.status,
    );
    expect(statuses.filter((status) => status !== 400)).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
    expect(await clientError.reported()).toMatchObject({ code: 'INCOMPLETE_REQUEST' });
  });

  it('a malformed chunk in the middle of a body gets 400 and the close', async () => {
    const { server, port } = await listen(async (req, res) => {
      res.end(await req.readBody());
    });
    const clientError = firstClientError(server);
    const client = await rawClient(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n');
    const responses = parseResponses(await client.closed({ timeout: 2_000 }));
    expect(responses.map((response) => response.status)).toEqual([400]);
    expect(responses[0]?.header('connection')).toBe('close');
    expect(consoleError).not.toHaveBeenCalled();
    expect(await clientError.reported()).toEqual({ code: 'INVALID_CHUNK_SIZE', status: 400 });
  });

  it('a head that does not arrive in time is reported as HEADERS_TIMEOUT', async () => {
    const { server, port } = await listen((_req, res) => res.end(), {
      connectionsCheckingInterval: 10,
      headersTimeout: 50,
    });
    const clientError = firstClientError(server);
    const client = await rawClient(port);
    client.send('GET / HTTP/1.1\r\n');
    await client.closed();
    expect(consoleError).not.toHaveBeenCalled();
    expect(await clientError.reported()).toEqual({ code: 'HEADERS_TIMEOUT', status: 408 });
  });

  it('a body that does not arrive in time is reported as REQUEST_TIMEOUT', async () => {
    const { server, port } = await listen(
      async (req, res) => {
        res.end(await req.readBody());
      },
      { connectionsCheckingInterval: 10, requestTimeout: 50 },
    );
    const clientError = firstClientError(server);
    const client = await rawClient(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
    await client.closed();
    expect(consoleError).not.toHaveBeenCalled();
    expect(await clientError.reported()).toEqual({ code: 'REQUEST_TIMEOUT', status: 408 });
  });

  it('a FIN behind a slow response ends an incomplete pipelined request at once, not at requestTimeout', async () => {
    const bodyErrors: unknown[] = [];
    const { port } = await listen(
      async (req, res) => {
        if (req.url === '/slow') {
          setTimeout(() => res.end('slow'), 100);
          return;
        }
        try {
          res.end(await req.readBody());
        } catch (error) {
          bodyErrors.push((error as { code?: unknown }).code);
        }
      },
      { connectionsCheckingInterval: 10, requestTimeout: 10_000, headersTimeout: 10_000 },
    );
    const client = await rawClient(port);
    client.send(
      `${get('/slow')}POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n${'a'.repeat(10)}`,
    );
    client.socket.end();
    const responses = parseResponses(await client.closed({ timeout: 2_000 }));
    expect(responses[0]?.body).toBe('slow');
    expect(responses.slice(1).map((response) => response.status)).toEqual(responses.length > 1 ? [400] : []);
    expect(bodyErrors.every((code) => code === 'ECONNRESET')).toBe(true);
    expect(consoleError).not.toHaveBeenCalled();
  });
});

describe('a response the server has taken over', () => {
  it('ignores what the handler does next instead of throwing at it', async () => {
    const afterwards = signal<string>();
    const { port } = await listen(async (req, res) => {
      try {
        await req.readBody();
      } catch {
        // The server has answered the bad chunk itself.
      }
      try {
        res.setHeader('X-Late', '1');
        res.writeHead(500);
        const accepted = res.write('late');
        res.end();
        afterwards.resolve(`accepted ${accepted}`);
      } catch (error) {
        afterwards.resolve(`threw ${(error as Error).message}`);
      }
    });
    const client = await rawClient(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
    const [response] = parseResponses(await client.closed());
    expect(response?.status).toBe(400);
    expect(await within(afterwards.promise, 'the handler to go on')).toBe('accepted true');
  });
});
