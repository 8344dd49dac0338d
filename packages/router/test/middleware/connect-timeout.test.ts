import timeout from 'connect-timeout';
import { expect } from 'vitest';
import { errorAsJson, sideBySide } from './side-by-side.js';

sideBySide(
  'connect-timeout answers 503 after the timeout',
  (app) => {
    app.use(timeout('50ms'));
    app.get('/slow', (req, res) => {
      // Answers after the timeout has fired (timers run in order of expiry): too late.
      setTimeout(() => {
        if (!req.timedout) res.send('late');
      }, 150);
    });
    app.get('/fast', (req, res) => {
      res.json({ timedout: req.timedout });
    });
    app.use(errorAsJson);
  },
  async ({ agent }) => {
    const slow = await agent.get('/slow');
    expect(slow.status).toBe(503);
    expect(slow.body).toEqual({ status: 503, code: 'ETIMEDOUT', message: 'Response timeout' });

    const fast = await agent.get('/fast');
    expect(fast.status).toBe(200);
    expect(fast.body).toEqual({ timedout: false });
  },
);
