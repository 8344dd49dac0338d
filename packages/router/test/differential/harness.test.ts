// The differential harness itself: responses read by their framing, and the noise it removes.

import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { comparable, differences, prepare } from './harness.js';
import { exchange, type WireResponse } from './wire.js';

let server: Server | undefined;

/** A server that answers every connection with `reply` (then closes it when `close`). */
function canned(reply: string, close = false): Promise<number> {
  const sockets = new Set<Socket>();
  const listening = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => (close ? socket.end(reply, 'latin1') : socket.write(reply, 'latin1')));
  });
  listening.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  server = listening;
  return new Promise((resolve) => {
    listening.listen(0, '127.0.0.1', () => resolve((listening.address() as AddressInfo).port));
  });
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

const GET = prepare('GET /');

function response(
  fields: [string, string][],
  body = '',
  framing: WireResponse['framing'] = 'length',
): WireResponse {
  return { status: 200, reason: 'OK', fields, body: Buffer.from(body), framing, problem: undefined };
}

describe('exchange', () => {
  it('reads a Content-Length body and no further', async () => {
    const port = await canned('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA');
    const answer = await exchange(port, GET.bytes, 'GET', 2000);
    expect(answer).toMatchObject({ status: 200, reason: 'OK', framing: 'length', problem: undefined });
    expect(answer.body.toString()).toBe('abc');
  });

  it('decodes a chunked body, trailers included', async () => {
    const port = await canned(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n',
    );
    const answer = await exchange(port, GET.bytes, 'GET', 2000);
    expect(answer.framing).toBe('chunked');
    expect(answer.body.toString()).toBe('abcde');
  });

  it('reads a body without length up to the close, and keeps an empty reason', async () => {
    const port = await canned('HTTP/1.1 299 \r\nX-A: 1\r\n\r\nall of it', true);
    const answer = await exchange(port, GET.bytes, 'GET', 2000);
    expect(answer).toMatchObject({ status: 299, reason: '', framing: 'close' });
    expect(answer.body.toString()).toBe('all of it');
  });

  it('takes no body after a HEAD, whatever the Content-Length says', async () => {
    const port = await canned('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n');
    const answer = await exchange(port, prepare('HEAD /').bytes, 'HEAD', 2000);
    expect(answer).toMatchObject({ framing: 'none', problem: undefined });
  });

  it('reports what arrived when the response does not complete in time', async () => {
    const port = await canned('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
    const answer = await exchange(port, GET.bytes, 'GET', 100);
    expect(answer.problem).toMatch(/no complete response/);
    expect(answer.body.toString()).toBe('abc');
  });
});

describe('comparable', () => {
  it("drops Date, X-Powered-By and node's keep-alive fields, and keeps Connection: close", () => {
    const fields: [string, string][] = [
      ['date', 'now'],
      ['x-powered-by', 'Express'],
      ['connection', 'keep-alive'],
      ['keep-alive', 'timeout=5'],
      ['set-cookie', 'b=2'],
      ['set-cookie', 'a=1'],
    ];
    const plain = response([]);
    expect(comparable(response(fields), plain).headers).toEqual({ 'set-cookie': ['b=2', 'a=1'] });
    expect(comparable(response([['connection', 'close']]), plain).headers).toEqual({ connection: ['close'] });
  });

  it('compares the decoded bodies when one side is chunked and the other has a length', () => {
    const chunked = response([['transfer-encoding', 'chunked']], 'same', 'chunked');
    const length = response([['content-length', '4']], 'same', 'length');
    expect(differences(comparable(chunked, length), comparable(length, chunked))).toEqual([]);
    const closed = response([], 'same', 'close');
    expect(differences(comparable(closed, length), comparable(length, closed))).toEqual([
      'header:content-length',
    ]);
  });

  it('names each header that differs, a repeated one by its values in order', () => {
    const left = response([
      ['vary', 'Accept'],
      ['link', '<a>'],
      ['link', '<b>'],
    ]);
    const right = response([
      ['link', '<b>'],
      ['link', '<a>'],
      ['etag', 'W/"1"'],
    ]);
    expect(differences(comparable(left, right), comparable(right, left))).toEqual([
      'header:etag',
      'header:link',
      'header:vary',
    ]);
  });
});

describe('prepare', () => {
  it('adds Host first and a Content-Length for a body, as UTF-8', () => {
    const { bytes, name } = prepare({ line: 'POST /x', headers: { 'X-A': '1' }, body: 'é' });
    expect(name).toBe('POST /x');
    expect(bytes.toString('latin1')).toBe(
      'POST /x HTTP/1.1\r\nHost: example.test\r\nX-A: 1\r\nContent-Length: 2\r\n\r\n\u00c3\u00a9',
    );
  });
});
