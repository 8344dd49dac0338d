import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Request, Response } from '../../src/index.js';
import { exchange, get, listen, parseResponses, rawClient, signal, within } from '../helpers/server.js';

const close = 'Connection: close\r\n';

function post(body: string): string {
  return `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
}

describe.concurrent('the request as a readable stream, as IncomingMessage', () => {
  it("gives its body to 'data' and 'end' listeners", async () => {
    const { port } = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => res.end(`got ${body}`));
    });
    const [response] = parseResponses(await exchange(port, post('hello')));
    expect(response?.body).toBe('got hello');
  });

  it("gives its body to a 'readable' listener that calls read()", async () => {
    const { port } = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('readable', () => {
        for (let chunk = req.read(); chunk !== null; chunk = req.read()) chunks.push(chunk as Buffer);
      });
      req.on('end', () => res.end(Buffer.concat(chunks)));
    });
    const [response] = parseResponses(await exchange(port, post('by read()')));
    expect(response?.body).toBe('by read()');
  });

  it('pipes into a writable, and says readable until its end', async () => {
    const states: boolean[] = [];
    const { port } = await listen((req, res) => {
      states.push(req.readable);
      let body = '';
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          body += chunk.toString();
          callback();
        },
      });
      sink.on('finish', () => {
        states.push(req.readable, req.readableEnded);
        res.end(body);
      });
      req.pipe(sink);
    });
    const [response] = parseResponses(await exchange(port, post('piped')));
    expect(response?.body).toBe('piped');
    expect(states).toEqual([true, false, true]);
  });

  it("emits 'aborted' and 'close' when the client leaves in the middle of the body", async () => {
    const events: string[] = [];
    const closed = signal();
    const { port } = await listen((req) => {
      req.on('aborted', () => events.push('aborted'));
      req.on('error', () => events.push('error'));
      req.on('close', () => {
        events.push('close');
        closed.resolve();
      });
      req.resume();
    });
    const client = await rawClient(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf');
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.socket.destroy();
    await within(closed.promise, "the request's close");
    expect(events).toContain('aborted');
    expect(events.at(-1)).toBe('close');
  });

  it("emits 'close' once the exchange is over, for a bodyless request too", async () => {
    const closed = signal<string>();
    const { port } = await listen((req: Request, res: Response) => {
      req.on('close', () => closed.resolve(String(res.writableEnded)));
      res.end('done');
    });
    await exchange(port, get('/', close));
    expect(await within(closed.promise, "the request's close")).toBe('true');
  });
});

describe.concurrent('the response, as ServerResponse', () => {
  it('goes through writeHead() when write() or end() fix the head, so wrappers of writeHead see it', async () => {
    const { port } = await listen((_req, res) => {
      // What on-headers does: wrap writeHead, and set a header when the head is about to be fixed.
      const writeHead = res.writeHead;
      res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
        this.setHeader('X-Seen-Header', String(this._header === null));
        return writeHead.apply(this, args);
      };
      res.end('body');
    });
    const [response] = parseResponses(await exchange(port, get('/', close)));
    expect(response?.header('x-seen-header')).toBe('true');
  });

  it('reports _header, finished and the Content-Length it added, as Node does', async () => {
    const seen = signal<unknown[]>();
    const { port } = await listen((_req, res) => {
      const before = [res._header, res.finished];
      res.end('12345');
      seen.resolve([...before, typeof res._header, res.finished, res.getHeader('Content-Length')]);
    });
    await exchange(port, get('/', close));
    expect(await within(seen.promise, 'the handler')).toEqual([null, false, 'string', true, '5']);
  });

  it('_implicitHeader() fixes the head with the current status', async () => {
    const { port } = await listen((_req, res) => {
      res.statusCode = 202;
      res._implicitHeader();
      res.end();
    });
    const [response] = parseResponses(await exchange(port, get('/', close)));
    expect(response?.status).toBe(202);
  });
});
