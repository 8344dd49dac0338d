import responseTime from 'response-time';
import { expect } from 'vitest';
import { sideBySide } from './side-by-side.js';

const anyTime = (value: string) => value.replace(/^\d+(\.\d+)?/, '<time>');

sideBySide(
  'response-time sets X-Response-Time',
  (app) => {
    app.use(responseTime());
    app.get('/sent', (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/streamed', (_req, res) => {
      res.write('one ');
      res.end('two');
    });
    app.get('/head-written', (_req, res) => {
      // With its length: after a bare writeHead(), node:http would go chunked where Skiff counts end()'s body.
      res.writeHead(201, { 'Content-Type': 'text/plain', 'Content-Length': '4' });
      res.end('made');
    });
  },
  async ({ agent }) => {
    for (const path of ['/sent', '/streamed', '/head-written']) {
      const response = await agent.get(path);
      expect(response.headers['x-response-time']).toMatch(/^\d+\.\d{3}ms$/);
    }
  },
  { normalize: { 'x-response-time': anyTime } },
);

sideBySide(
  'response-time with options',
  (app) => {
    app.use(responseTime({ digits: 0, header: 'X-Elapsed', suffix: false }));
    app.get('/', (_req, res) => {
      res.send('ok');
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/')).headers['x-elapsed']).toMatch(/^\d+$/);
  },
  { normalize: { 'x-elapsed': anyTime } },
);
