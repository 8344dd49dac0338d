// ETag, req.fresh and the 304 of res.send(), side by side with Express 5.
import type { Express } from 'express';
import { expect } from 'vitest';
import { type AppLike, sideBySide } from './middleware/side-by-side.js';

/** The app as both frameworks have it, for `set()`. */
const settingsOf = (app: AppLike) => app as unknown as Pick<Express, 'set' | 'get'>;

sideBySide(
  'send() and json() tag every body they are given with a weak ETag',
  (app) => {
    app.get('/text', (_req, res) => {
      res.send('hello');
    });
    app.get('/unicode', (_req, res) => {
      res.send('héllo wörld 日本 😀');
    });
    app.get('/empty', (_req, res) => {
      res.send('');
    });
    app.get('/null', (_req, res) => {
      res.send(null);
    });
    app.get('/nothing', (_req, res) => {
      res.send();
    });
    app.get('/buffer', (_req, res) => {
      res.send(Buffer.from([0, 1, 2, 255]));
    });
    app.get('/json', (_req, res) => {
      res.json({ id: 1, name: 'Ada' });
    });
    app.get('/json-undefined', (_req, res) => {
      res.json(undefined);
    });
    app.get('/number', (_req, res) => {
      res.send(42);
    });
    app.get('/missing', (_req, res) => {
      res.status(404).send('not here');
    });
    app.get('/status', (_req, res) => {
      res.sendStatus(201);
    });
    app.get('/own', (_req, res) => {
      res.set('ETag', '"mine"').send('hello');
    });
    app.get('/redirect', (_req, res) => {
      res.redirect('/text');
    });
  },
  async ({ agent }) => {
    for (const path of [
      '/text',
      '/unicode',
      '/empty',
      '/null',
      '/buffer',
      '/json',
      '/number',
      '/missing',
      '/status',
    ]) {
      const response = await agent.get(path);
      expect(response.headers.etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    }
    expect((await agent.get('/nothing')).headers.etag).toBeUndefined();
    expect((await agent.get('/json-undefined')).headers.etag).toBeUndefined();
    expect((await agent.get('/own')).headers.etag).toBe('"mine"');
    expect((await agent.get('/redirect')).headers.etag).toBeUndefined();
    await agent.get('/redirect').set('Accept', 'text/html');
    await agent.get('/redirect').set('Accept', 'image/png');
    await agent.head('/text');
    await agent.head('/json');
  },
);

sideBySide(
  'the etag setting: strong, false, or the app’s own function',
  (app) => {
    app.get('/strong', (req, _res, next) => {
      settingsOf(req.app as unknown as AppLike).set('etag', 'strong');
      next();
    });
    app.get('/off', (req, _res, next) => {
      settingsOf(req.app as unknown as AppLike).set('etag', false);
      next();
    });
    app.get('/own', (req, _res, next) => {
      settingsOf(req.app as unknown as AppLike).set('etag', (body: Buffer, encoding: unknown) =>
        body.length > 3 ? `"${body.length}-${String(encoding)}"` : undefined,
      );
      next();
    });
    app.get('/weak', (req, _res, next) => {
      settingsOf(req.app as unknown as AppLike).set('etag', true);
      next();
    });
    app.get('*path', (req, res) => {
      res.send(req.query.short === undefined ? 'a longer body' : 'ab');
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/strong')).headers.etag).toMatch(/^"/);
    expect((await agent.get('/off')).headers.etag).toBeUndefined();
    expect((await agent.get('/own')).headers.etag).toBe('"13-undefined"');
    expect((await agent.get('/own?short')).headers.etag).toBeUndefined();
    expect((await agent.get('/weak')).headers.etag).toMatch(/^W\//);
    // A 304 by the app's own tag.
    const own = await agent.get('/own').set('If-None-Match', '"13-undefined"');
    expect(own.status).toBe(304);
  },
);

sideBySide(
  'an unknown etag or query parser value throws, as Express',
  (app) => {
    app.get('/', (req, res) => {
      const messages: string[] = [];
      for (const [name, value] of [
        ['etag', 'sometimes'],
        ['query parser', 'fancy'],
      ] as const) {
        try {
          settingsOf(req.app as unknown as AppLike).set(name, value);
        } catch (error) {
          messages.push(`${(error as Error).name}: ${(error as Error).message}`);
        }
      }
      res.json({ messages, etagFn: typeof settingsOf(req.app as unknown as AppLike).get('etag fn') });
    });
  },
  async ({ agent }) => {
    const response = await agent.get('/');
    expect(response.body.messages).toHaveLength(2);
  },
);

sideBySide(
  'a conditional GET or HEAD whose tag matches is answered 304 without content headers',
  (app) => {
    app.get('/text', (_req, res) => {
      res.set('Cache-Control', 'max-age=60').send('hello');
    });
    app.get('/json', (_req, res) => {
      res.json({ id: 1 });
    });
    app.get('/created', (_req, res) => {
      res.status(201).send('hello');
    });
    app.get('/error', (_req, res) => {
      res.status(500).send('hello');
    });
    app.get('/fresh', (req, res) => {
      res.set('ETag', '"v1"');
      res.json({ fresh: req.fresh, stale: req.stale });
    });
    app.post('/text', (_req, res) => {
      res.send('hello');
    });
  },
  async ({ agent }) => {
    const first = await agent.get('/text');
    const tag = first.headers.etag as string;
    expect((await agent.get('/text').set('If-None-Match', tag)).status).toBe(304);
    // Weak comparison: the strong form of a weak tag matches too.
    expect((await agent.get('/text').set('If-None-Match', tag.slice(2))).status).toBe(304);
    expect((await agent.get('/text').set('If-None-Match', `"other", ${tag}`)).status).toBe(304);
    expect((await agent.get('/text').set('If-None-Match', '*')).status).toBe(304);
    expect((await agent.get('/text').set('If-None-Match', '"other"')).status).toBe(200);
    expect((await agent.get('/text').set('If-None-Match', tag).set('Cache-Control', 'no-cache')).status).toBe(
      200,
    );
    expect((await agent.head('/text').set('If-None-Match', tag)).status).toBe(304);
    expect((await agent.post('/text').set('If-None-Match', tag)).status).toBe(200);
    const json = await agent.get('/json');
    expect((await agent.get('/json').set('If-None-Match', json.headers.etag as string)).status).toBe(304);
    expect((await agent.get('/created').set('If-None-Match', tag)).status).toBe(304);
    expect((await agent.get('/error').set('If-None-Match', tag)).status).toBe(500);
    expect((await agent.get('/fresh').set('If-None-Match', '"v1"')).status).toBe(304);
    expect((await agent.get('/fresh').set('If-None-Match', '"v2"')).body).toEqual({
      fresh: false,
      stale: true,
    });
  },
);

sideBySide(
  'If-Modified-Since against the Last-Modified the app set',
  (app) => {
    app.get('/', (_req, res) => {
      res.set('Last-Modified', 'Mon, 30 Nov 2026 10:00:00 GMT');
      res.send('page');
    });
    app.get('/untagged', (req, res) => {
      settingsOf(req.app as unknown as AppLike).set('etag', false);
      res.set('Last-Modified', 'Mon, 30 Nov 2026 10:00:00 GMT');
      res.send('page');
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/').set('If-Modified-Since', 'Mon, 30 Nov 2026 10:00:00 GMT')).status).toBe(304);
    expect((await agent.get('/').set('If-Modified-Since', 'Mon, 30 Nov 2026 11:00:00 GMT')).status).toBe(304);
    expect((await agent.get('/').set('If-Modified-Since', 'Mon, 30 Nov 2026 09:00:00 GMT')).status).toBe(200);
    expect((await agent.get('/').set('If-Modified-Since', 'not a date')).status).toBe(200);
    // If-None-Match wins: a tag that does not match is stale whatever the date says.
    const stale = await agent
      .get('/')
      .set('If-None-Match', '"other"')
      .set('If-Modified-Since', 'Mon, 30 Nov 2026 11:00:00 GMT');
    expect(stale.status).toBe(200);
    expect(
      (await agent.get('/untagged').set('If-Modified-Since', 'Mon, 30 Nov 2026 11:00:00 GMT')).status,
    ).toBe(304);
  },
);

sideBySide(
  '204 and 205 answers from send(): no content, as Express',
  (app) => {
    app.get('/204', (_req, res) => {
      res.status(204).send('dropped');
    });
    app.get('/205', (_req, res) => {
      res.status(205).send('dropped');
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/204')).text).toBe('');
    expect((await agent.get('/205')).status).toBe(205);
  },
);
