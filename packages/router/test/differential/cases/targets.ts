// Request-targets: malformed %-escapes, dot segments, absolute-form, asterisk-form, HTTP/1.0.

import type { Request, Response } from 'express';
import type { AppCase, RequestSpec } from '../types.js';

function echo(req: Request, res: Response): void {
  res.json({
    url: req.url,
    originalUrl: req.originalUrl,
    path: req.path,
    params: req.params,
    query: req.query,
    hostname: req.hostname,
  });
}

function raw(name: string, method: string, head: string): RequestSpec {
  return { name, method, raw: `${head}\r\n\r\n` };
}

/** Request-target cases. */
export const targetCases: AppCase[] = [
  {
    name: 'request-targets',
    build(app) {
      app.get('/p/:value', echo);
      app.get('/s/*rest', echo);
      app.get('/q', echo);
      app.options('/q', echo);
      app.use((_req: Request, res: Response) => {
        res.status(404).type('text').send('none');
      });
    },
    requests: [
      'GET /p/%zz',
      'GET /p/%',
      'GET /p/%E0%A4%A',
      'GET /p/%C3%28',
      'GET /p/%00',
      'GET /s/a/%zz/b',
      'GET /s/a/%2e%2e/b',
      'GET /p/%2e%2e',
      'GET /q?%zz=%zz',
      'GET /q?a=%',
      'GET /s/./x/../y',
      'GET /p/a;b',
      'GET /q?a=1&b=<script>',
      "GET /s/!$&'()*+,;=:@",
      raw('absolute-form', 'GET', 'GET http://example.test/p/1?x=2 HTTP/1.1\r\nHost: example.test'),
      raw('absolute-form other host', 'GET', 'GET http://other.test/q HTTP/1.1\r\nHost: example.test'),
      raw('absolute-form https', 'GET', 'GET https://example.test/q HTTP/1.1\r\nHost: example.test'),
      raw('absolute-form no path', 'GET', 'GET http://example.test HTTP/1.1\r\nHost: example.test'),
      raw('asterisk-form', 'OPTIONS', 'OPTIONS * HTTP/1.1\r\nHost: example.test'),
      raw('HTTP/1.0', 'GET', 'GET /q HTTP/1.0'),
      raw('HTTP/1.0 keep-alive', 'GET', 'GET /q HTTP/1.0\r\nConnection: keep-alive'),
      raw('HTTP/1.1 close', 'GET', 'GET /q HTTP/1.1\r\nHost: example.test\r\nConnection: close'),
      raw('no Host', 'GET', 'GET /q HTTP/1.1'),
      raw('two Hosts', 'GET', 'GET /q HTTP/1.1\r\nHost: a.test\r\nHost: b.test'),
      raw('lower-case method', 'get', 'get /q HTTP/1.1\r\nHost: example.test'),
      raw('unknown method', 'BREW', 'BREW /q HTTP/1.1\r\nHost: example.test'),
      raw('space in target', 'GET', 'GET /q a HTTP/1.1\r\nHost: example.test'),
      raw('non-ASCII target', 'GET', 'GET /p/\u00e9 HTTP/1.1\r\nHost: example.test'),
    ],
  },
];
