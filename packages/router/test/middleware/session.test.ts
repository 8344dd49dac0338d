import session from 'express-session';
import { expect } from 'vitest';
import { sideBySide } from './side-by-side.js';

declare module 'express-session' {
  interface SessionData {
    views: number;
  }
}

/** The session id is random: compare the cookie's shape, not its value. */
const anySessionId = (cookie: string) => cookie.replace(/^connect\.sid=s%3A[^;]+/, 'connect.sid=s%3A<id>');

sideBySide(
  'express-session with a store across requests',
  (app) => {
    const store = new session.MemoryStore();
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store }));
    app.get('/visit', (req, res) => {
      req.session.views = (req.session.views ?? 0) + 1;
      res.json({ views: req.session.views });
    });
    app.get('/peek', (req, res) => {
      res.json({ views: req.session.views ?? 0 });
    });
    app.post('/logout', (req, res, next) => {
      req.session.destroy((error) => (error ? next(error) : res.json({ destroyed: true })));
    });
    app.get('/sessions', (_req, res, next) => {
      store.length((error, count) => (error ? next(error) : res.json({ count })));
    });
    return store;
  },
  async ({ agent }) => {
    // An untouched session is not saved and sets no cookie.
    const peek = await agent.get('/peek');
    expect(peek.body).toEqual({ views: 0 });
    expect(peek.headers['set-cookie']).toBeUndefined();

    const first = await agent.get('/visit');
    expect(first.body).toEqual({ views: 1 });
    expect(first.headers['set-cookie']).toEqual([
      expect.stringMatching(/^connect\.sid=s%3A.+; Path=\/; HttpOnly$/),
    ]);

    const second = await agent.get('/visit');
    expect(second.body).toEqual({ views: 2 });
    expect(second.headers['set-cookie']).toBeUndefined();
    expect((await agent.get('/peek')).body).toEqual({ views: 2 });
    expect((await agent.get('/sessions')).body).toEqual({ count: 1 });

    expect((await agent.post('/logout')).body).toEqual({ destroyed: true });
    expect((await agent.get('/sessions')).body).toEqual({ count: 0 });
    const fresh = await agent.get('/visit');
    expect(fresh.body).toEqual({ views: 1 });
    expect(fresh.headers['set-cookie']).toHaveLength(1);
  },
  { normalize: { 'set-cookie': anySessionId } },
);
