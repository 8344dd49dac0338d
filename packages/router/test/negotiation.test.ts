// Content negotiation as Express 5: req.accepts*, req.is, res.format, res.redirect's body, res.vary.
// Each table runs through Express's own request methods and Skiff's on the same headers, and
// the apps run side by side over HTTP.
import { AppRequest } from '@skiff/router';
import express, { type ErrorRequestHandler } from 'express';
import { describe, expect, it } from 'vitest';
import { sideBySide } from './middleware/side-by-side.js';

type Headers = Record<string, string>;
type Method = 'accepts' | 'acceptsEncodings' | 'acceptsCharsets' | 'acceptsLanguages' | 'is';

/** The answer of Express's `req[method](...args)` and Skiff's, on a request with these headers. */
function both(
  method: Method,
  headers: Headers,
  args: readonly unknown[],
): { express: unknown; skiff: unknown } {
  const call = (target: object) => (target as Record<Method, (...values: unknown[]) => unknown>)[method];
  return {
    express: call(express.request).apply({ headers }, [...args]),
    skiff: call(AppRequest.prototype).apply({ headers }, [...args]),
  };
}

const acceptHeaders: (string | undefined)[] = [
  undefined,
  '',
  '*/*',
  'text/html',
  'text/html, application/json',
  'application/json;q=0.5, text/html',
  'text/*, application/json;q=0.9',
  'text/*;q=0.5, text/plain;q=0.5, */*;q=0.1',
  'text/html;level=1, text/html;q=0.5',
  'text/html;charset=utf-8, text/plain',
  'application/json;q=0, */*',
  'text/html;q=1.5, application/json',
  'text/html;q=abc, application/json;q=0.8',
  'text/html;q=0.001, image/*;q=0.002',
  'text/html;q=.5, text/plain;q=0.50',
  'image/webp, image/*;q=0.8, */*;q=0.5',
  '*/json, application/*',
  'invalid, text/plain',
  'text/, /json, text/plain;q=0.3',
  ',,text/plain,,',
  'TEXT/HTML',
  'application/vnd.api+json, application/json;q=0.9',
  'text/plain;format=flowed',
  'text/plain;q=0.8;foo=bar, text/html;foo=bar;q=0.8',
  'application/json, text/html',
  'text/html, application/json',
  '*/*;q=0.8, text/html',
];

const typeOffers: unknown[][] = [
  [],
  ['json'],
  ['html'],
  ['html', 'json'],
  ['json', 'html'],
  [['json', 'html']],
  [['json', 'html'], 'text'],
  ['text/html', 'application/json'],
  ['application/json', 'text/html'],
  ['text', 'html'],
  ['png', 'image/webp'],
  ['text/html;level=1'],
  ['text/plain;format=flowed', 'text/plain'],
  ['application/vnd.api+json'],
  ['nonsense', 'json'],
  ['TEXT/HTML'],
  ['*/*'],
  ['text/*'],
];

describe('req.accepts() as Express 5', () => {
  for (const accept of acceptHeaders) {
    it(`Accept: ${JSON.stringify(accept)}`, () => {
      const headers: Headers = accept === undefined ? {} : { accept };
      for (const offers of typeOffers) {
        const answer = both('accepts', headers, offers);
        expect(answer.skiff, JSON.stringify(offers)).toEqual(answer.express);
      }
    });
  }
});

const encodingHeaders = [
  undefined,
  '',
  'gzip',
  'gzip, deflate, br',
  'br;q=1.0, gzip;q=0.8, *;q=0.1',
  'gzip;q=0, *',
  'identity;q=0',
  '*;q=0',
  'deflate;q=0.5, gzip;q=0.5',
  'GZIP',
  'gzip;q=x, br',
];
const encodingOffers: unknown[][] = [
  [],
  ['gzip'],
  ['identity'],
  ['gzip', 'deflate'],
  ['deflate', 'gzip'],
  [['br', 'gzip']],
  ['br', 'gzip', 'identity'],
  ['compress'],
];

const charsetHeaders = [
  undefined,
  '',
  'utf-8',
  'utf-8, iso-8859-1;q=0.5',
  'iso-8859-1;q=0.5, *;q=0.1',
  '*',
  'utf-8;q=0',
  'UTF-8',
];
const charsetOffers: unknown[][] = [
  [],
  ['utf-8'],
  ['iso-8859-1', 'utf-8'],
  ['utf-8, utf-16'],
  [['utf-16', 'utf-8']],
  ['UTF-8'],
];

const languageHeaders = [
  undefined,
  '',
  'en',
  'en-US, en;q=0.9, fr;q=0.5',
  'fr-CA',
  'en',
  '*',
  'de;q=0, *',
  'en-gb;q=0.8, en;q=0.7',
  'EN-us',
  'zh-Hant-TW, zh;q=0.5',
];
const languageOffers: unknown[][] = [
  [],
  ['en'],
  ['en-US'],
  ['en-GB', 'en'],
  ['fr', 'en'],
  [['de', 'fr']],
  ['fr-CA', 'fr'],
  ['zh-Hant', 'zh-TW'],
  ['es'],
];

for (const [method, header, values, offers] of [
  ['acceptsEncodings', 'accept-encoding', encodingHeaders, encodingOffers],
  ['acceptsCharsets', 'accept-charset', charsetHeaders, charsetOffers],
  ['acceptsLanguages', 'accept-language', languageHeaders, languageOffers],
] as const) {
  describe(`req.${method}() as Express 5`, () => {
    for (const value of values) {
      it(`${header}: ${JSON.stringify(value)}`, () => {
        const headers: Headers = value === undefined ? {} : { [header]: value };
        for (const offer of offers) {
          const answer = both(method, headers, offer);
          expect(answer.skiff, JSON.stringify(offer)).toEqual(answer.express);
        }
      });
    }
  });
}

const contentTypes: (Headers | undefined)[] = [
  { 'content-type': 'application/json', 'content-length': '2' },
  { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' },
  { 'content-type': 'APPLICATION/JSON', 'content-length': '2' },
  { 'content-type': 'text/html', 'transfer-encoding': 'chunked' },
  { 'content-type': 'application/vnd.api+json', 'content-length': '2' },
  { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' },
  { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '2' },
  { 'content-type': 'text/plain', 'content-length': 'abc' },
  { 'content-type': 'invalid', 'content-length': '2' },
  { 'content-type': 'text/plain; charset', 'content-length': '2' },
  { 'content-length': '2' },
  { 'content-type': 'image/svg+xml', 'content-length': '2' },
  undefined,
];
const isTypes: unknown[][] = [
  [],
  ['json'],
  ['html'],
  ['application/json'],
  ['text/*'],
  ['*/*'],
  ['+json'],
  ['application/*+json'],
  ['urlencoded'],
  ['multipart'],
  ['multipart/*'],
  [['html', 'json']],
  ['html', 'json'],
  ['svg'],
  ['image/*', 'xml'],
  ['nonsense'],
  ['bogus/'],
];

describe('req.is() as Express 5 (type-is)', () => {
  for (const headers of contentTypes) {
    it(JSON.stringify(headers ?? 'no body'), () => {
      for (const types of isTypes) {
        const answer = both('is', headers ?? {}, types);
        expect(answer.skiff, JSON.stringify(types)).toEqual(answer.express);
      }
    });
  }
});

sideBySide(
  'req.accepts*() and req.is() over HTTP',
  (app) => {
    app.all('/negotiate', (req, res) => {
      res.json({
        all: req.accepts(),
        types: req.accepts('json', 'html', 'text/plain'),
        encodings: [req.acceptsEncodings(), req.acceptsEncodings('gzip', 'br')],
        charsets: [req.acceptsCharsets(), req.acceptsCharsets('utf-8', 'iso-8859-1')],
        languages: [req.acceptsLanguages(), req.acceptsLanguages('en', 'fr-CA')],
        is: [req.is([]), req.is('json'), req.is(['text/*', 'json']), req.is('+json')],
      });
    });
  },
  async ({ agent }) => {
    await agent.get('/negotiate');
    await agent
      .get('/negotiate')
      .set('Accept', 'text/html;q=0.8, application/json;q=0.8, */*;q=0.1')
      .set('Accept-Encoding', 'br;q=0.9, gzip, identity;q=0')
      .set('Accept-Charset', 'iso-8859-1, *;q=0.2')
      .set('Accept-Language', 'fr, en-US;q=0.9');
    await agent.post('/negotiate').set('Content-Type', 'application/ld+json').send('{}');
    await agent.post('/negotiate').set('Content-Type', 'text/plain').send('hi');
    const response = await agent.get('/negotiate').set('Accept', 'image/*');
    expect(response.body.types).toBe(false);
  },
);

/** 406 as JSON with the offered types, as both frameworks hand the error to `next`. */
const notAcceptable: ErrorRequestHandler = (error, _req, res, _next) => {
  const fields = error as { status?: number; message?: string; types?: unknown };
  res.status(fields.status ?? 500).json({ message: fields.message, types: fields.types });
};

sideBySide(
  'res.format() by Accept, with default and with a 406',
  (app) => {
    app.get('/format', (_req, res) => {
      res.format({
        text: () => res.send('text'),
        html: () => res.send('<p>html</p>'),
        'application/json; q=0.5': () => res.send({ json: true }),
        'image/png': () => res.send(Buffer.from('png')),
        bogus: () => res.send('bogus'),
      });
    });
    app.get('/default', (_req, res) => {
      res.format({
        json: () => res.json({ a: 1 }),
        default: () => res.status(200).send('fallback'),
      });
    });
    app.get('/empty', (_req, res) => {
      res.format({});
    });
    app.use(notAcceptable);
  },
  async ({ agent }) => {
    for (const accept of [
      undefined,
      '*/*',
      'text/html',
      'text/plain;q=0.5, text/html;q=0.4',
      'application/json',
      'image/*',
      'application/octet-stream',
      'application/*;q=0.2, text/*;q=0.1',
      'audio/*',
    ]) {
      for (const path of ['/format', '/default', '/empty']) {
        const pending = agent.get(path);
        await (accept === undefined ? pending : pending.set('Accept', accept));
      }
    }
    const refused = await agent.get('/format').set('Accept', 'audio/*');
    expect(refused.status).toBe(406);
  },
);

sideBySide(
  "res.redirect()'s body by Accept",
  (app) => {
    app.all('/to', (_req, res) => {
      res.redirect('/there?a=<b>&c="d"');
    });
    app.all('/permanent', (_req, res) => {
      res.redirect(301, 'https://example.com/ü');
    });
  },
  async ({ agent }) => {
    for (const accept of [
      undefined,
      '*/*',
      'text/html',
      'text/plain',
      'text/html;q=0.5, text/plain;q=0.6',
      'application/json',
      'text/*',
      'text/html;q=0, */*',
    ]) {
      for (const path of ['/to', '/permanent']) {
        for (const method of ['get', 'head', 'post'] as const) {
          const pending = agent[method](path);
          await (accept === undefined ? pending : pending.set('Accept', accept));
        }
      }
    }
  },
);

sideBySide(
  'res.vary() as the vary package',
  (app) => {
    const cases: Record<string, (string | string[])[]> = {
      one: ['Accept'],
      twice: ['Accept', 'accept', 'ACCEPT'],
      list: ['Accept, Origin', ['origin', 'Accept-Encoding']],
      star: ['Accept', '*', 'Origin'],
      'star-in-list': ['Accept, *'],
      empty: ['', []],
      spaces: ['  Accept  ,  Origin ,'],
    };
    app.get('/vary/:name', (req, res) => {
      res.set('Vary', req.get('X-Start') ?? '');
      if (!req.get('X-Start')) res.removeHeader('Vary');
      try {
        for (const field of cases[req.params.name as string] ?? []) res.vary(field as string);
        res.send('ok');
      } catch (error) {
        res.status(500).send(`${(error as Error).name}: ${(error as Error).message}`);
      }
    });
    app.get('/invalid', (_req, res) => {
      try {
        res.vary('Bad Header');
        res.send('set');
      } catch (error) {
        res.status(500).send(`${(error as Error).name}: ${(error as Error).message}`);
      }
    });
  },
  async ({ agent }) => {
    for (const name of ['one', 'twice', 'list', 'star', 'star-in-list', 'empty', 'spaces']) {
      await agent.get(`/vary/${name}`);
      await agent.get(`/vary/${name}`).set('X-Start', 'User-Agent');
      await agent.get(`/vary/${name}`).set('X-Start', '*');
    }
    expect((await agent.get('/invalid')).status).toBe(500);
  },
);
