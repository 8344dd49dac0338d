import { describe, expect, it } from 'vitest';
import { InvalidHeaderError } from '../../src/index.js';
import { exchange, get, listen, parseResponses } from '../helpers/server.js';

const close = 'Connection: close\r\n';

describe('response heads', () => {
  it('writes the standard reason phrase, the headers as set, Content-Length and Date', async () => {
    const { port } = await listen((_req, res) => {
      res.statusCode = 201;
      res.setHeader('Content-Type', 'text/plain');
      res.setHeader('X-Mixed-Case', 'Value');
      res.end('made');
    });
    const text = await exchange(port, get('/', close));
    const [statusLine, ...rest] = text.split('\r\n');
    expect(statusLine).toBe('HTTP/1.1 201 Created');
    expect(rest).toContain('Content-Type: text/plain');
    expect(rest).toContain('X-Mixed-Case: Value');
    expect(rest).toContain('Content-Length: 4');
    expect(rest.some((line) => /^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(line))).toBe(
      true,
    );
    expect(rest.some((line) => line.toLowerCase().startsWith('server:'))).toBe(false);
  });

  it('leaves Date out when sendDate is false', async () => {
    const { port } = await listen((_req, res) => res.end(), { sendDate: false });
    const [response] = parseResponses(await exchange(port, get('/', close)));
    expect(response?.header('date')).toBeUndefined();
    expect(response?.header('content-length')).toBe('0');
  });

  it('uses the reason phrase the app gives', async () => {
    const { port } = await listen((_req, res) => {
      res.writeHead(200, 'Fine Thanks');
      res.end();
    });
    expect((await exchange(port, get('/', close))).startsWith('HTTP/1.1 200 Fine Thanks\r\n')).toBe(true);
  });

  it('streams a body of unknown length with chunked encoding', async () => {
    const { port } = await listen((_req, res) => {
      res.write('hello ');
      res.write(Buffer.from('wide '));
      res.end('world');
    });
    const text = await exchange(port, get('/', close));
    expect(text).toContain('Transfer-Encoding: chunked\r\n');
    expect(text.endsWith('\r\n\r\n6\r\nhello \r\n5\r\nwide \r\n5\r\nworld\r\n0\r\n\r\n')).toBe(true);
    expect(parseResponses(text)[0]?.body).toBe('hello wide world');
  });

  it('streams with the Content-Length the app set', async () => {
    const { port } = await listen((_req, res) => {
      res.setHeader('Content-Length', 6);
      res.write('abc');
      res.end('def');
    });
    const [response] = parseResponses(await exchange(port, get('/', close)));
    expect(response?.header('transfer-encoding')).toBeUndefined();
    expect(response?.body).toBe('abcdef');
  });

  it('sends no body for HEAD, with the length the body would have', async () => {
    const { port } = await listen((_req, res) => res.end('twelve bytes'));
    const text = await exchange(port, `HEAD / HTTP/1.1\r\nHost: x\r\n${close}\r\n`);
    expect(text).toContain('Content-Length: 12\r\n');
    expect(text.endsWith('\r\n\r\n')).toBe(true);
  });

  it('sends no body and no Content-Length for 204, and no body for 304', async () => {
    const { port } = await listen((req, res) => {
      res.statusCode = req.url === '/204' ? 204 : 304;
      res.end('ignored');
    });
    const text204 = await exchange(port, get('/204', close));
    expect(text204).not.toContain('Content-Length');
    expect(text204.endsWith('\r\n\r\n')).toBe(true);
    const text304 = await exchange(port, get('/304', close));
    expect(text304.endsWith('\r\n\r\n')).toBe(true);
    expect(text304).not.toContain('ignored');
  });

  it('refuses a header value with CR, LF or NUL, and a bad name, with an error to the app', async () => {
    const errors: string[] = [];
    const { port } = await listen((_req, res) => {
      for (const [name, value] of [
        ['X-Evil', 'a\r\nSet-Cookie: x=1'],
        ['X-Nul', 'a\0b'],
        ['X-Lf', 'a\nb'],
        ['Bad Name', 'v'],
        ['', 'v'],
      ] as const) {
        try {
          res.setHeader(name, value);
        } catch (error) {
          errors.push(error instanceof InvalidHeaderError ? error.code : 'other');
        }
      }
      res.end('safe');
    });
    const text = await exchange(port, get('/', close));
    expect(errors).toEqual(Array(5).fill('ERR_INVALID_HEADER'));
    expect(text).not.toContain('Set-Cookie');
    expect(parseResponses(text)[0]?.body).toBe('safe');
  });

  it('sends repeated headers one line each', async () => {
    const { port } = await listen((_req, res) => {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.appendHeader('set-cookie', 'c=3');
      res.end();
    });
    const text = await exchange(port, get('/', close));
    expect(text).toContain('Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nSet-Cookie: c=3\r\n');
  });

  it('refuses a Content-Length that does not match the body', async () => {
    const { server, port } = await listen((_req, res) => {
      res.setHeader('Content-Length', '3');
      res.end('too long');
    });
    server.on('handlerError', () => {});
    const [response] = parseResponses(await exchange(port, get('/', close)));
    expect(response?.status).toBe(500);
  });
});

describe('heads the app shaped', () => {
  it('refuses a statusMessage changed after writeHead() to carry a header', async () => {
    const { server, port } = await listen((_req, res) => {
      res.writeHead(200);
      res.statusMessage = 'OK\r\nX-Injected: yes';
      res.end('body');
    });
    server.on('handlerError', () => {});
    const text = await exchange(port, get('/', 'Connection: close\r\n'));
    expect(text).not.toContain('X-Injected');
  });

  it('says Connection: close when the server closes, whatever Connection header the app set', async () => {
    const { port } = await listen((_req, res) => {
      res.setHeader('Connection', 'keep-alive');
      res.end('x');
    });
    const text = await exchange(port, get('/', 'Connection: close\r\n'));
    const [response] = parseResponses(text);
    expect(response?.headers.filter(([name]) => name.toLowerCase() === 'connection')).toEqual([
      ['Connection', 'close'],
    ]);
  });

  it('answers a handler failure with the reason phrase as body', async () => {
    const { server, port } = await listen(() => {
      throw new Error('boom');
    });
    server.on('handlerError', () => {});
    const [response] = parseResponses(await exchange(port, get('/', 'Connection: close\r\n')));
    expect(response?.body).toBe('Internal Server Error');
  });
});

describe('strings written with the ascii encoding', () => {
  it('go out byte for byte as Latin-1, as in Node, even beside a UTF-8 body in the same write', async () => {
    const { port } = await listen(
      (req, res) => {
        if (req.url === '/a') {
          res.setHeader('Content-Length', '2');
          res.write('é', 'ascii');
          res.end('!', 'ascii');
        } else res.end('ü');
      },
      { sendDate: false },
    );
    const text = await exchange(port, `${get('/a')}${get('/b', close)}`);
    const [first, second] = parseResponses(text);
    expect(first?.body).toBe('\xe9!');
    // parseResponses reads Latin-1: the UTF-8 bytes of 'ü' are two characters.
    expect(second?.body).toBe(Buffer.from('ü').toString('latin1'));
  });
});
