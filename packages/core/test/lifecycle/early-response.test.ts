import { describe, expect, it } from 'vitest';
import { get, listen, rawClient, signal, within } from '../helpers/server.js';

describe.concurrent('a response sent before the request body is whole', () => {
  it('leaves the rest of a small body to a handler that reads it after answering', async () => {
    const bodyRead = signal<number>();
    const { port } = await listen(async (req, res) => {
      res.end('accepted');
      let bytes = 0;
      for await (const chunk of req) bytes += chunk.length;
      bodyRead.resolve(bytes);
    });
    const client = await rawClient(port);
    client.send(`POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n${'a'.repeat(100)}`);
    const [response] = await client.responses(1);
    expect(response?.body).toBe('accepted');
    client.send('b'.repeat(19_900));
    expect(await within(bodyRead.promise, 'the whole body to be read')).toBe(20_000);
    // The head promised the connection would stay, and it does.
    client.send(get('/next'));
    expect((await client.responses(2))[1]?.status).toBe(200);
  });

  it('closes after an early refusal of a large body, without calling it a client fault', async () => {
    const clientErrors: string[] = [];
    const bodyFailures: string[] = [];
    const closed = signal();
    const { server, port } = await listen((req, res) => {
      req.stream().on('error', (error: NodeJS.ErrnoException) => bodyFailures.push(String(error.code)));
      res.on('close', () => closed.resolve());
      res.statusCode = 413;
      res.end('too big');
    });
    server.on('clientError', (error: NodeJS.ErrnoException) => clientErrors.push(String(error.code)));
    const client = await rawClient(port, { allowHalfOpen: true });
    client.send(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n${'a'.repeat(10_000)}`);
    const [response] = await client.responses(1);
    expect(response?.status).toBe(413);
    expect(response?.header('connection')).toBe('close');
    // The response's 'close' does not wait for the client to close its side.
    await within(closed.promise, "the response's close event");
    expect(clientErrors).toEqual([]);
    expect(bodyFailures).not.toContain('ECONNRESET');
    client.socket.destroy();
  });
});
