// res.cookie(), res.clearCookie() and the cookie parser, side by side with Express 5 and cookie-parser.
import { App, type AppRequest, cookieParser, type RequestHandler, skiff } from '@skiff/router';
import realCookieParser from 'cookie-parser';
import type { RequestHandler as ExpressHandler, Response as ExpressResponse } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { type AppLike, sideBySide } from './middleware/side-by-side.js';

/** A fixed clock for the handler's own calls, so that Expires computed from maxAge is the same on both sides. */
const NOW = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

function atFixedTime<T>(action: () => T): T {
  const clock = vi.spyOn(Date, 'now').mockReturnValue(NOW);
  try {
    return action();
  } finally {
    clock.mockRestore();
  }
}

/** Tries each call; an error (Express's or cookie's words) becomes a header, so both sides can be compared. */
function attempt(res: ExpressResponse, label: string, action: () => void): void {
  try {
    atFixedTime(action);
  } catch (error) {
    res.append('X-Refused', `${label}: ${(error as Error).name}: ${(error as Error).message}`);
  }
}

/** The cookie parser of each side: cookie-parser on Express, Skiff's own on Skiff. */
function ownParser(app: AppLike, secret?: string | string[]): void {
  if (app instanceof App) app.use(cookieParser(secret));
  else app.use(realCookieParser(secret));
}

sideBySide(
  'res.cookie() with each option writes what Express 5 writes',
  (app) => {
    app.get('/', (_req, res) => {
      const tries: [string, () => void][] = [
        ['plain', () => res.cookie('plain', 'a b;c')],
        ['maxAge', () => res.cookie('age', '1', { maxAge: 90_500 })],
        ['maxAge string', () => res.cookie('agestring', '1', { maxAge: '5000' as unknown as number })],
        ['maxAge negative', () => res.cookie('agenegative', '1', { maxAge: -1500 })],
        ['maxAge zero', () => res.cookie('agezero', '1', { maxAge: 0 })],
        ['maxAge invalid', () => res.cookie('ageinvalid', '1', { maxAge: 'soon' as unknown as number })],
        ['maxAge infinite', () => res.cookie('ageinfinite', '1', { maxAge: Number.POSITIVE_INFINITY })],
        ['maxAge and expires', () => res.cookie('both', '1', { maxAge: 1000, expires: new Date(0) })],
        ['expires', () => res.cookie('expires', '1', { expires: new Date(Date.UTC(2030, 5, 6)) })],
        ['expires invalid', () => res.cookie('expiresbad', '1', { expires: new Date(Number.NaN) })],
        ['domain', () => res.cookie('domain', '1', { domain: 'example.com' })],
        ['domain invalid', () => res.cookie('domainbad', '1', { domain: 'exa mple.com' })],
        ['path', () => res.cookie('path', '1', { path: '/admin' })],
        ['path empty', () => res.cookie('pathempty', '1', { path: '' })],
        ['path invalid', () => res.cookie('pathbad', '1', { path: '/a;b' })],
        ['flags', () => res.cookie('flags', '1', { secure: true, httpOnly: true, partitioned: true })],
        ['sameSite true', () => res.cookie('sstrue', '1', { sameSite: true })],
        ['sameSite lax', () => res.cookie('sslax', '1', { sameSite: 'lax' })],
        ['sameSite Strict', () => res.cookie('ssstrict', '1', { sameSite: 'Strict' as 'strict' })],
        ['sameSite none', () => res.cookie('ssnone', '1', { sameSite: 'none', secure: true })],
        ['sameSite false', () => res.cookie('ssfalse', '1', { sameSite: false })],
        ['sameSite invalid', () => res.cookie('ssbad', '1', { sameSite: 'loose' as 'lax' })],
        ['priority', () => res.cookie('prio', '1', { priority: 'high' })],
        ['priority case', () => res.cookie('priocase', '1', { priority: 'Low' as 'low' })],
        ['priority medium', () => res.cookie('priomedium', '1', { priority: 'medium' })],
        ['priority invalid', () => res.cookie('priobad', '1', { priority: 'urgent' as 'high' })],
        ['encode', () => res.cookie('encode', 'a b', { encode: String })],
        ['encode invalid', () => res.cookie('encodebad', 'a b;c', { encode: String })],
        ['name invalid', () => res.cookie('bad name', '1')],
        ['object', () => res.cookie('object', { a: [1, 'x y'] })],
        ['null', () => res.cookie('null', null)],
        ['undefined', () => res.cookie('undefined', undefined)],
        ['number', () => res.cookie('number', 42)],
        ['array', () => res.cookie('array', ['a', 'b'])],
        ['signed without secret', () => res.cookie('signed', 'x', { signed: true })],
        [
          'everything',
          () =>
            res.cookie('all', 'v', {
              maxAge: 3_600_000,
              domain: 'example.com',
              path: '/x',
              secure: true,
              httpOnly: true,
              sameSite: 'strict',
              priority: 'low',
              partitioned: true,
            }),
        ],
      ];
      for (const [label, action] of tries) attempt(res, label, action);
      res.send('ok');
    });
  },
  async ({ agent }) => {
    const response = await agent.get('/');
    expect(response.headers['set-cookie']).toContain(
      'agestring=1; Max-Age=5; Path=/; Expires=Thu, 02 Jan 2025 03:04:10 GMT',
    );
  },
);

sideBySide(
  'res.clearCookie() ignores maxAge and expires, keeps path and domain, as Express 5',
  (app) => {
    app.get('/', (_req, res) => {
      attempt(res, 'clear', () => {
        res.clearCookie('plain');
        res.clearCookie('scoped', { path: '/admin', domain: 'example.com', httpOnly: true, secure: true });
        res.clearCookie('timed', { maxAge: 60_000, expires: new Date(Date.UTC(2040, 0, 1)) });
        res.clearCookie('unpathed', { path: undefined });
        res.clearCookie('strict', { sameSite: 'strict', priority: 'high', partitioned: true });
      });
      attempt(res, 'signed', () => res.clearCookie('signed', { signed: true }));
      res.send('ok');
    });
  },
  async ({ agent }) => {
    const response = await agent.get('/');
    expect(response.headers['set-cookie']).toContain('plain=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  },
);

/** A handler that reports what the parser made of the request's cookies. */
const report: ExpressHandler = (req, res) => {
  const cookies = req.cookies as Record<string, unknown> | undefined;
  const signed = req.signedCookies as Record<string, unknown> | undefined;
  res.json({
    cookies: cookies && { ...cookies },
    signedCookies: signed && { ...signed },
    secret: (req as unknown as { secret?: string }).secret ?? null,
    nullPrototype: cookies !== undefined && Object.getPrototypeOf(cookies) === null,
  });
};

for (const [title, secret] of [
  ['one secret', 's3cret'],
  ['rotated secrets', ['new', 's3cret']],
] as const) {
  sideBySide(
    `signed cookies with ${title}: set by res.cookie(), read back by the parser (Skiff's own against cookie-parser)`,
    (app) => {
      ownParser(app, typeof secret === 'string' ? secret : [...secret]);
      app.get('/set', (_req, res) => {
        atFixedTime(() => {
          res.cookie('session', 'user 1', { signed: true, httpOnly: true });
          res.cookie('prefs', { theme: 'dark' }, { signed: true, sameSite: 'lax' });
          res.cookie('plain', 'visible');
          res.cookie('json', { n: 1 });
          res.clearCookie('gone', { signed: true });
        });
        res.send('set');
      });
      app.get('/read', report);
    },
    async ({ agent }) => {
      await agent.get('/set');
      const read = await agent.get('/read');
      expect(read.body.signedCookies.session).toBe('user 1');
      expect(read.body.signedCookies.prefs).toEqual({ theme: 'dark' });
      // A signature made with another secret, one without any, and a tampered value.
      await agent
        .get('/read')
        .set('Cookie', 'forged=s:value.abc; other=s:bm90.rNlBqL; bare=s:value; x=j:{bad');
    },
  );
}

sideBySide(
  'the cookie parser without a secret, with no Cookie header, and when cookies are already parsed',
  (app) => {
    app.get('/twice', (req, _res, next) => {
      (req as unknown as { cookies: Record<string, unknown> }).cookies = { preset: 'yes' };
      next();
    });
    ownParser(app);
    app.get('/{*rest}', report);
  },
  async ({ agent }) => {
    await agent.get('/none');
    await agent
      .get('/some')
      .set('Cookie', 'a=1; b=j:[1,2]; c=j:0; d=s:v.sig; e="quoted%20v"; a=2; bad=%E0%A4%A');
    await agent.get('/twice').set('Cookie', 'a=1');
  },
);

sideBySide(
  "res.cookie(…, { signed: true }) with the cookie-parser package's secret",
  (app) => {
    app.use(realCookieParser(['first', 'second']));
    app.get('/', (_req, res) => {
      res.cookie('token', 'abc', { signed: true }).send('ok');
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/')).headers['set-cookie']).toEqual([
      expect.stringMatching(/^token=s%3Aabc\.[\w%]+; Path=\/$/),
    ]);
  },
);

describe('cookieParser() as cookie-parser', () => {
  const headers = [
    undefined,
    '',
    'a=1',
    'a=1; a=2',
    'a=j:{"x":1}; b=j:null; c=j:false; d=j:"s"; e=j:[]',
    'sig=s:v.qq3n+MNRsn8mq+RxtsCwyi+wCXcEQfiDBUUPe4PT/RA; f=s:v.nope; g=s:j:{"a":1}.fhuXwKrPghwYdekZIJpFk00VqjZVUH1C7P03b8/Xn38; h=s:j:{"a":1}.x',
    ' spaced = v ; q="x" ; enc=%20a%zz ',
    'noequals; =v; k=',
    '__proto__=1; constructor=2',
  ];
  const secrets: (string | string[] | undefined)[] = [undefined, '', 'key', ['key'], ['other', 'key'], []];

  /** What a parser left on a request: its fields, as plain data. */
  function run(parser: ExpressHandler | RequestHandler, cookie: string | undefined) {
    const req = { headers: cookie === undefined ? {} : { cookie } } as unknown as AppRequest;
    let nexts = 0;
    (parser as (req: unknown, res: unknown, next: () => void) => void)(req, {}, () => nexts++);
    return {
      nexts,
      cookies: req.cookies && { ...req.cookies },
      cookiesProto: req.cookies && Object.getPrototypeOf(req.cookies),
      signedCookies: req.signedCookies && { ...req.signedCookies },
      signedProto: req.signedCookies && Object.getPrototypeOf(req.signedCookies),
      secret: req.secret,
      hasSecret: 'secret' in req,
    };
  }

  for (const secret of secrets) {
    it(`with secret ${JSON.stringify(secret)}`, () => {
      for (const header of headers) {
        expect(run(cookieParser(secret), header), JSON.stringify(header)).toEqual(
          run(realCookieParser(secret), header),
        );
      }
    });
  }

  it('signs with the first secret, checks with each (the signature of `v` with `key`)', async () => {
    const app = skiff();
    app.use(cookieParser(['key', 'old']));
    app.get('/', (req, res) => {
      res.cookie('sig', 'v', { signed: true }).json(req.signedCookies);
    });
    const { default: request } = await import('supertest');
    const response = await request(app)
      .get('/')
      .set('Cookie', 'sig=s:v.qq3n%2BMNRsn8mq%2BRxtsCwyi%2BwCXcEQfiDBUUPe4PT%2FRA');
    expect(response.body).toEqual({ sig: 'v' });
    expect(response.headers['set-cookie']).toEqual([
      'sig=s%3Av.qq3n%2BMNRsn8mq%2BRxtsCwyi%2BwCXcEQfiDBUUPe4PT%2FRA; Path=/',
    ]);
  });

  it('is skiff.cookieParser, as express users reach for it', () => {
    expect(skiff.cookieParser).toBe(cookieParser);
  });
});
