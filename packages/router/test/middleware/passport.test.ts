import bodyParser from 'body-parser';
import session from 'express-session';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { expect } from 'vitest';
import { type AppLike, type Side, sideBySide } from './side-by-side.js';

interface Member {
  id: number;
  name: string;
}

const members: Member[] = [{ id: 1, name: 'ada' }];
const anySessionId = (cookie: string) => cookie.replace(/^connect\.sid=s%3A[^;]+/, 'connect.sid=s%3A<id>');

/** An app whose /profile needs a login; each app has its own Passport, so the two sides share nothing. */
function buildApp(app: AppLike): void {
  const authenticator = new passport.Passport();
  authenticator.use(
    new LocalStrategy((username, password, done) => {
      const member = members.find((candidate) => candidate.name === username);
      done(null, member !== undefined && password === 'lovelace' ? member : false);
    }),
  );
  authenticator.serializeUser((user, done) => done(null, (user as Member).id));
  authenticator.deserializeUser((id, done) =>
    done(null, members.find((member) => member.id === id) ?? false),
  );

  app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));
  app.use(authenticator.initialize());
  app.use(authenticator.session());
  app.post('/login', authenticator.authenticate('local', { successRedirect: '/profile' }));
  app.post('/logout', (req, res, next) => {
    req.logout((error) => (error ? next(error) : res.json({ loggedOut: true })));
  });
  app.get('/profile', (req, res) => {
    if (!req.isAuthenticated()) {
      res.status(401).json({ error: 'log in first' });
      return;
    }
    res.json({ user: req.user });
  });
}

async function logInAndOut({ agent }: Side<void>, logIn: (password: string) => Promise<{ status: number }>) {
  expect((await agent.get('/profile')).status).toBe(401);

  const refused = await logIn('wrong');
  expect(refused.status).toBe(401);

  const accepted = await logIn('lovelace');
  expect(accepted.status).toBe(302);
  expect((await agent.get('/profile')).body).toEqual({ user: { id: 1, name: 'ada' } });

  expect((await agent.post('/logout')).body).toEqual({ loggedOut: true });
  expect((await agent.get('/profile')).status).toBe(401);
}

// passport-local reads the credentials from req.body, else from the query: the query keeps
// this scenario apart from body parsing (body-parser.test.ts covers that).
sideBySide(
  'passport local strategy, credentials in the query',
  buildApp,
  (side) => logInAndOut(side, (password) => side.agent.post(`/login?username=ada&password=${password}`)),
  { normalize: { 'set-cookie': anySessionId } },
);

sideBySide(
  'passport local strategy, credentials from a form (body-parser)',
  (app) => {
    app.use(bodyParser.urlencoded());
    buildApp(app);
  },
  (side) =>
    logInAndOut(side, (password) =>
      side.agent.post('/login').type('form').send({ username: 'ada', password }),
    ),
  { normalize: { 'set-cookie': anySessionId } },
);
