// Every res helper: status, set/get/append, type, send of each type, json, sendStatus,
// redirect with each Accept, location, vary, links, cookie/clearCookie, attachment, format,
// end, write + end; each also asked with HEAD.

import type { Request, Response } from 'express';
import type { AppCase, RequestSpec } from '../types.js';

/** Each path asked with GET and with HEAD. */
function getAndHead(paths: readonly string[]): RequestSpec[] {
  return paths.flatMap((path) => [`GET ${path}`, `HEAD ${path}`]);
}

type Handler = (req: Request, res: Response) => void;

const sends: Record<string, Handler> = {
  '/string': (_req, res) => res.send('hello'),
  '/empty-string': (_req, res) => res.send(''),
  '/unicode': (_req, res) => res.send('héllo €'),
  '/buffer': (_req, res) => res.send(Buffer.from([0, 1, 2, 255])),
  '/empty-buffer': (_req, res) => res.send(Buffer.alloc(0)),
  '/object': (_req, res) => res.send({ a: 1, b: [true, null] }),
  '/array': (_req, res) => res.send([1, 'two']),
  '/number': (_req, res) => res.json(42),
  '/boolean': (_req, res) => res.json(false),
  '/null': (_req, res) => res.send(null),
  '/undefined': (_req, res) => res.send(undefined),
  '/no-args': (_req, res) => res.send(),
  '/json-null': (_req, res) => res.json(null),
  '/json-string': (_req, res) => res.json('text'),
  '/json-undefined': (_req, res) => res.json(undefined),
  '/json-escapes': (_req, res) => res.json({ html: '<b>&</b>', line: '\u2028' }),
  '/typed-string': (_req, res) => res.type('text/plain').send('plain'),
  '/typed-ext': (_req, res) => res.type('txt').send('plain'),
  '/typed-json-ext': (_req, res) => res.type('json').send('{"raw":1}'),
  '/typed-html-ext': (_req, res) => res.type('.html').send('<p>x</p>'),
  '/typed-unknown-ext': (_req, res) => res.type('nope').send('x'),
  '/typed-buffer': (_req, res) => res.type('png').send(Buffer.from('png')),
  '/latin1-label': (_req, res) => res.set('Content-Type', 'text/plain; charset=iso-8859-1').send('é'),
  '/json-custom-type': (_req, res) => res.type('application/vnd.api+json').json({ a: 1 }),
  '/content-type-method': (_req, res) => res.contentType('application/xml').send('<a/>'),
  '/status-201': (_req, res) => res.status(201).send('created'),
  '/status-204': (_req, res) => res.status(204).send('dropped'),
  '/status-304': (_req, res) => res.status(304).send('dropped'),
  '/status-204-json': (_req, res) => res.status(204).json({ a: 1 }),
  '/status-unknown': (_req, res) => res.status(299).send('odd'),
  '/status-599': (_req, res) => res.status(599).send('odd'),
  '/send-status-200': (_req, res) => res.sendStatus(200),
  '/send-status-404': (_req, res) => res.sendStatus(404),
  '/send-status-418': (_req, res) => res.sendStatus(418),
  '/send-status-204': (_req, res) => res.sendStatus(204),
  '/send-status-299': (_req, res) => res.sendStatus(299),
  '/end': (_req, res) => res.end(),
  '/end-body': (_req, res) => res.end('ended'),
  '/write-end': (_req, res) => {
    res.write('one ');
    res.write(Buffer.from('two '));
    res.end('three');
  },
  '/write-typed': (_req, res) => {
    res.type('text/plain');
    res.write('streamed');
    res.end();
  },
  '/write-head': (_req, res) => {
    res.writeHead(202, { 'X-Head': 'yes', 'Content-Type': 'text/plain' });
    res.end('accepted');
  },
  '/write-head-reason': (_req, res) => {
    res.writeHead(200, 'Fine Thanks', { 'Content-Length': '2' });
    res.end('ok');
  },
  '/status-message': (_req, res) => {
    res.statusMessage = 'Custom Reason';
    res.send('reason');
  },
  '/buffer-typed': (_req, res) => res.type('application/json').send(Buffer.from('{"b":1}')),
  '/buffer-text': (_req, res) => res.type('text').send(Buffer.from('plain bytes')),
  '/status-304-headers': (_req, res) =>
    res.status(304).set('ETag', '"x"').set('Content-Type', 'text/plain').send('gone'),
  '/send-status-500': (_req, res) => res.sendStatus(500),
  '/json-bigint': (_req, res) => res.json({ big: 1n }),
  '/json-date': (_req, res) => res.json({ at: new Date(Date.UTC(2020, 0, 2)) }),
  '/send-true': (_req, res) => res.send(true as unknown as string),
  '/format-shorthand': (_req, res) =>
    res.format({
      text: () => res.send('t'),
      html: () => res.send('<b>h</b>'),
      'application/json': () => res.json({}),
    }),
  '/length-set': (_req, res) => {
    res.set('Content-Length', '999');
    res.send('short');
  },
};

const headers: Record<string, Handler> = {
  '/set': (_req, res) => {
    res.set('X-One', 'a');
    res.set({ 'X-Two': 'b', 'X-Three': ['c', 'd'] });
    res.header('X-Four', 'e');
    res.json({
      one: res.get('x-one'),
      three: res.get('X-Three') ?? null,
      missing: res.get('x-none') ?? null,
    });
  },
  '/set-number': (_req, res) => {
    res.set('X-Number', 5 as unknown as string);
    res.send('n');
  },
  '/set-content-type': (_req, res) => {
    res.set('Content-Type', 'text/plain');
    res.send('typed');
  },
  '/set-content-type-html': (_req, res) => {
    res.set('content-type', 'html');
    res.send('<p>html</p>');
  },
  '/set-object-content-type': (_req, res) => {
    res.set({ 'Content-Type': 'json', 'X-Other': 'o' });
    res.send('{"from":"set"}');
  },
  '/append': (_req, res) => {
    res.append('X-List', 'a');
    res.append('X-List', ['b', 'c']);
    res.append('Set-Cookie', 'k=v');
    res.append('Set-Cookie', 'k2=v2');
    res.send('appended');
  },
  '/append-after-set': (_req, res) => {
    res.set('X-List', ['a', 'b']);
    res.append('X-List', 'c');
    res.send('appended');
  },
  '/vary': (_req, res) => {
    res.vary('Accept');
    res.vary('accept');
    res.vary('Origin, Accept-Encoding');
    res.send('vary');
  },
  '/vary-star': (_req, res) => {
    res.vary('Origin');
    res.vary('*');
    res.vary('Accept');
    res.send('vary');
  },
  '/vary-existing': (_req, res) => {
    res.set('Vary', 'Cookie');
    // Express's typings say string; its vary() takes a list too.
    res.vary(['Accept', 'cookie'] as unknown as string);
    res.send('vary');
  },
  '/links': (_req, res) => {
    res.links({ next: 'http://api.test/users?page=2', last: 'http://api.test/users?page=5' });
    res.links({ prev: '/p/1' });
    res.send('links');
  },
  '/location': (_req, res) => {
    res.location('/some path/ü?q=a b&x=%20#h');
    res.send('located');
  },
  '/location-back': (_req, res) => {
    res.location('back');
    res.send('located');
  },
  '/location-absolute': (_req, res) => {
    res.location('https://example.org/a%zzb/<x>');
    res.send('located');
  },
};

const cookies: Record<string, Handler> = {
  '/cookie': (_req, res) => {
    res.cookie('plain', 'value');
    res.cookie('spaced', 'a b;c');
    res.cookie('object', { a: [1, 2] });
    res.cookie('number', 3);
    res.send('cookies');
  },
  '/cookie-options': (_req, res) => {
    res.cookie('opts', 'v', {
      domain: 'example.test',
      path: '/admin',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      expires: new Date(Date.UTC(2030, 0, 1)),
    });
    res.cookie('lax', 'v', { sameSite: true });
    res.cookie('none', 'v', { sameSite: 'none', secure: true });
    res.cookie('lower', 'v', { sameSite: 'lax' });
    res.send('cookies');
  },
  '/cookie-encode': (_req, res) => {
    res.cookie('enc', 'a=b', { encode: (value: string) => value });
    res.send('cookies');
  },
  '/clear-cookie': (_req, res) => {
    res.clearCookie('gone');
    res.clearCookie('scoped', { path: '/admin', domain: 'example.test' });
    res.send('cleared');
  },
  '/clear-cookie-max-age': (_req, res) => {
    res.clearCookie('gone', { maxAge: 1000 });
    res.send('cleared');
  },
};

const redirects: Record<string, Handler> = {
  '/redirect': (_req, res) => res.redirect('/target'),
  '/redirect-301': (_req, res) => res.redirect(301, '/moved'),
  '/redirect-307': (_req, res) => res.redirect(307, 'http://other.test/x?y=1&z=<2>'),
  '/redirect-encoded': (_req, res) => res.redirect('/a b/ü?c=d e'),
  '/redirect-html-escape': (_req, res) => res.redirect('/"><script>alert(1)</script>'),
  '/redirect-relative': (_req, res) => res.redirect('../up'),
  '/redirect-back': (_req, res) => res.redirect('back'),
};

const disposition: Record<string, Handler> = {
  '/attachment': (_req, res) => {
    res.attachment();
    res.send('file');
  },
  '/attachment-name': (_req, res) => {
    res.attachment('report.pdf');
    res.send('file');
  },
  '/attachment-path': (_req, res) => {
    res.attachment('/some/dir/data.json');
    res.send('{}');
  },
  '/attachment-unicode': (_req, res) => {
    res.attachment('résumé €.txt');
    res.send('file');
  },
  '/attachment-no-ext': (_req, res) => {
    res.attachment('README');
    res.send('file');
  },
  '/attachment-quotes': (_req, res) => {
    res.attachment('say "hi".txt');
    res.send('file');
  },
};

function mount(
  app: { get: (path: string, handler: Handler) => unknown },
  table: Record<string, Handler>,
): void {
  for (const [path, handler] of Object.entries(table)) app.get(path, handler);
}

/** `GET path` with that Accept ('' for none), named after it. */
function withAccept(path: string, accept: string): RequestSpec {
  const headers: Record<string, string> = accept === '' ? {} : { Accept: accept };
  return { name: `GET ${path} accept ${accept || 'none'}`, line: `GET ${path}`, headers };
}

const accepts = ['text/html', 'text/plain', 'application/json', '*/*', 'text/*', 'image/png', ''];

/** Response helper cases. */
export const responseCases: AppCase[] = [
  {
    name: 'res.send, json, status, end',
    build: (app) => mount(app, sends),
    requests: getAndHead(Object.keys(sends)),
  },
  {
    name: 'res headers: set, append, vary, links, location',
    build: (app) => mount(app, headers),
    requests: getAndHead(Object.keys(headers)),
  },
  {
    name: 'res.cookie and clearCookie',
    build: (app) => mount(app, cookies),
    requests: getAndHead(Object.keys(cookies)),
  },
  {
    name: 'res.redirect',
    build: (app) => mount(app, redirects),
    requests: [
      ...Object.keys(redirects).flatMap((path) => accepts.map((accept) => withAccept(path, accept))),
      'HEAD /redirect',
      { name: 'HEAD /redirect accept html', line: 'HEAD /redirect', headers: { Accept: 'text/html' } },
      { name: 'HEAD /redirect accept png', line: 'HEAD /redirect', headers: { Accept: 'image/png' } },
      { name: 'redirect back with referrer', line: 'GET /redirect-back', headers: { Referrer: '/from' } },
    ],
  },
  {
    name: 'res.location back',
    build: (app) => mount(app, { '/location-back': headers['/location-back'] as Handler }),
    requests: [
      'GET /location-back',
      { name: 'with referer', line: 'GET /location-back', headers: { Referer: 'http://a.test/p' } },
    ],
  },
  {
    name: 'res.attachment',
    build: (app) => mount(app, disposition),
    requests: getAndHead(Object.keys(disposition)),
  },
  {
    name: 'res.format',
    build(app) {
      app.get('/fmt', (_req, res) => {
        res.format({
          'text/plain': () => res.send('text'),
          html: () => res.send('<p>html</p>'),
          json: () => res.json({ type: 'json' }),
        });
      });
      app.get('/fmt-default', (_req, res) => {
        res.format({
          json: () => res.json({ type: 'json' }),
          default: () => res.status(406).send('pick json'),
        });
      });
      app.get('/fmt-strict', (_req, res) => {
        res.format({ 'application/xml': () => res.send('<x/>') });
      });
    },
    requests: [
      ...['/fmt', '/fmt-default', '/fmt-strict'].flatMap((path) =>
        accepts.map((accept) => withAccept(path, accept)),
      ),
      {
        name: 'q-values pick json',
        line: 'GET /fmt',
        headers: { Accept: 'text/html;q=0.1, application/json' },
      },
      { name: 'HEAD fmt', line: 'HEAD /fmt', headers: { Accept: 'application/json' } },
    ],
  },
];
