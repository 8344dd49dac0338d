import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { exchange, get, listen, parseResponses, rawClient } from '../helpers/server.js';

const directory = mkdtempSync(join(tmpdir(), 'skiff-streams-'));

function fileOf(size: number): string {
  const path = join(directory, `file-${size}`);
  writeFileSync(path, Buffer.alloc(size, 120));
  return path;
}

/** A promise with its resolve, for handlers that report back to the test. */
function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('responses as streams', () => {
  it('pipes a file into the response: finish, then close, then the pipeline callback', async () => {
    const file = fileOf(300_000);
    const events: string[] = [];
    const done = signal();
    const { port } = await listen((_req, res) => {
      res.on('finish', () => events.push('finish'));
      res.on('close', () => events.push('close'));
      pipeline(createReadStream(file), res, (error) => {
        events.push(error ? `error ${String(error)}` : 'callback');
        done.resolve();
      });
    });
    const [response] = parseResponses(await exchange(port, get('/', 'Connection: close\r\n')));
    await done.promise;
    expect(response?.body.length).toBe(300_000);
    expect(events).toEqual(['finish', 'close', 'callback']);
  });

  it('ends the pipeline when the client left before the handler piped into the response', async () => {
    const file = fileOf(3_000_000);
    const done = signal<unknown>();
    const { port } = await listen(async (req, res) => {
      await new Promise((resolve) => req.socket.once('close', resolve));
      pipeline(createReadStream(file), res, (error) => done.resolve(error));
    });
    const client = await rawClient(port);
    client.send(get('/'));
    await sleep(10);
    // A reset, not a FIN: a FIN alone could be a half-close, after which the client still reads.
    client.socket.resetAndDestroy();
    expect(await done.promise).toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('ends the pipeline when the client leaves in the middle of a streamed response', async () => {
    const file = fileOf(30_000_000);
    const done = signal<unknown>();
    const { port } = await listen((_req, res) => {
      pipeline(createReadStream(file), res, (error) => done.resolve(error));
    });
    const client = await rawClient(port);
    client.send(get('/'));
    await client.waitFor((text) => text.length > 100_000);
    client.socket.destroy();
    expect(await done.promise).toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('emits close once, and no finish, when the response ends after the client left', async () => {
    const events: string[] = [];
    const done = signal();
    const { port } = await listen(async (req, res) => {
      res.on('close', () => events.push('close'));
      res.on('finish', () => events.push('finish'));
      await new Promise((resolve) => req.socket.once('close', resolve));
      expect(res.write('late')).toBe(false);
      res.end('late', () => {
        events.push('end callback');
        done.resolve();
      });
    });
    const client = await rawClient(port);
    client.send(get('/'));
    await sleep(10);
    client.socket.resetAndDestroy();
    await done.promise;
    await sleep(5);
    expect(events).toEqual(['close', 'end callback']);
  });

  it('writes nothing of a streamed body to HEAD, and keeps the connection', async () => {
    const { port } = await listen((req, res) => {
      res.write('streamed ');
      res.end(req.url);
    });
    const text = await exchange(
      port,
      `HEAD /head HTTP/1.1\r\nHost: x\r\n\r\n${get('/get', 'Connection: close\r\n')}`,
    );
    const responses = parseResponses(text, new Set([0]));
    expect(responses.map((response) => response.body)).toEqual(['', 'streamed /get']);
    expect(responses[0]?.header('content-length')).toBeUndefined();
  });

  it('calls the callback of write(chunk, callback), also when the body is not sent (HEAD)', async () => {
    const calls: string[] = [];
    const { port } = await listen((req, res) => {
      res.write('x', () => {
        calls.push(req.method);
        res.end();
      });
    });
    const text = await exchange(
      port,
      `HEAD / HTTP/1.1\r\nHost: x\r\n\r\n${get('/', 'Connection: close\r\n')}`,
    );
    expect(parseResponses(text, new Set([0])).map((response) => response.status)).toEqual([200, 200]);
    expect(calls).toEqual(['HEAD', 'GET']);
  });

  it('keeps a Transfer-Encoding: chunked the app set, once', async () => {
    const { port } = await listen((_req, res) => {
      res.setHeader('Transfer-Encoding', 'chunked');
      res.write('a');
      res.end('b');
    });
    const text = await exchange(port, get('/', 'Connection: close\r\n'));
    expect(text.match(/transfer-encoding/gi)).toHaveLength(1);
    expect(parseResponses(text)[0]?.body).toBe('ab');
  });

  it('refuses a response with both Content-Length and Transfer-Encoding: 500 instead', async () => {
    const { server, port } = await listen((_req, res) => {
      res.setHeader('Content-Length', '2');
      res.setHeader('Transfer-Encoding', 'chunked');
      res.end('ab');
    });
    const errors: unknown[] = [];
    server.on('handlerError', (error) => errors.push(error));
    const [response] = parseResponses(await exchange(port, get('/', 'Connection: close\r\n')));
    expect(response?.status).toBe(500);
    expect(response?.header('transfer-encoding')).toBeUndefined();
    expect(String(errors[0])).toContain('Both Content-Length and Transfer-Encoding');
  });

  it('says writeHead() fixed the head when setHeader() comes after it', async () => {
    const { port } = await listen((_req, res) => {
      res.writeHead(200);
      let message = '';
      try {
        res.setHeader('X-Late', '1');
      } catch (error) {
        message = (error as Error).message;
      }
      res.end(message);
    });
    const [response] = parseResponses(await exchange(port, get('/', 'Connection: close\r\n')));
    expect(response?.body).toContain('already fixed by writeHead()');
  });

  it('closes when the body is shorter than the Content-Length the app set', async () => {
    const { port } = await listen((_req, res) => {
      res.setHeader('Content-Length', '10');
      res.write('short');
      res.end();
    });
    const client = await rawClient(port);
    client.send(get('/') + get('/never'));
    const text = await client.closed();
    expect(text.endsWith('short')).toBe(true);
    expect(text).not.toContain('/never');
  });

  it('keeps serving when a handler throws after res.end()', async () => {
    const { server, port } = await listen((req, res) => {
      res.end(req.url);
      if (req.url === '/throw') throw new Error('after the end');
    });
    const errors: unknown[] = [];
    server.on('handlerError', (error) => errors.push(error));
    const text = await exchange(port, get('/throw') + get('/next', 'Connection: close\r\n'));
    expect(parseResponses(text).map((response) => response.body)).toEqual(['/throw', '/next']);
    expect(errors).toHaveLength(1);
  });
});

describe('request bodies as streams', () => {
  it('refuses to read a body twice with an error that says so', async () => {
    const { port } = await listen(async (req, res) => {
      const first = await req.readBody();
      const second = await req.readBody().catch((error: Error) => error.message);
      res.end(`${first.toString()}|${String(second)}`);
    });
    const text = await exchange(
      port,
      'POST /twice HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello',
    );
    expect(parseResponses(text)[0]?.body).toBe(
      'hello|The body of POST /twice was already read (by readBody(), stream() or iteration); read it once and keep the result',
    );
  });

  it('reads an empty body twice without complaint when there is none', async () => {
    const { port } = await listen(async (req, res) => {
      const first = await req.readBody();
      const second = await req.readBody();
      res.end(`${first.length}|${second.length}`);
    });
    const text = await exchange(port, get('/', 'Connection: close\r\n'));
    expect(parseResponses(text)[0]?.body).toBe('0|0');
  });

  it('gives the whole body to req.stream() called after the body completed', async () => {
    const { port } = await listen(async (req, res) => {
      for (let round = 0; round < 100 && !req.complete; round++) await sleep(2);
      const chunks: Buffer[] = [];
      for await (const chunk of req.stream()) chunks.push(chunk as Buffer);
      res.end(Buffer.concat(chunks).toString());
    });
    const text = await exchange(
      port,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello',
    );
    expect(parseResponses(text)[0]?.body).toBe('hello');
  });
});
