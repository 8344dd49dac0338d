import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/bench-server.js';
import {
  AUTH_HEADER,
  ECHO_BODY,
  ECHO_PATH,
  MIDDLEWARE_HEADER,
  SCALE_ID,
  scaleTarget,
  TEXT_BODY,
  TEXT_PATH,
  UPLOAD_PATH,
  UPLOAD_SIZE,
  USER_PATH,
  userBody,
} from '../src/payloads.js';
import { SERVERS } from '../src/servers/index.js';
import { pipelined, send } from './http.js';

// Every bench server answers every route of its scenarios right. No load, no timing:
// a server that answers wrongly would make its numbers meaningless.
describe.each(SERVERS)('$name', (entry) => {
  let server: RunningServer;
  const takes = (id: string) => entry.scenarios.some((scenario) => scenario === id);

  beforeAll(async () => {
    const module = await entry.load();
    // With the 10-route table of scenario 7 added, as that scenario starts it.
    server = await module.start(0, { routes: 10 });
  });
  afterAll(() => server?.close());

  it('echoes the path parameter (scenarios 1 and 6)', async () => {
    const res = await send(server.port, { path: ECHO_PATH });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(ECHO_BODY);
  });

  it.runIf(takes('pipelined'))('answers 16 pipelined requests in one write (scenario 2)', async () => {
    const received = await pipelined(server.port, ECHO_PATH, 16, `\r\n\r\n${ECHO_BODY}`);
    expect(received.split('HTTP/1.1 200').length - 1).toBe(16);
  });

  it.runIf(takes('middleware'))('answers the user route behind its middleware (scenario 3)', async () => {
    const res = await send(server.port, { path: USER_PATH, headers: { Authorization: AUTH_HEADER } });
    expect(res.status).toBe(200);
    expect(res.headers[MIDDLEWARE_HEADER]).toBe('1');
    expect(JSON.parse(res.body.toString())).toEqual(userBody('42'));
  });

  // The ceiling answers without reading the request, so it has no auth to fail.
  it.runIf(takes('middleware') && entry.name !== 'ceiling')(
    'refuses the user route without auth',
    async () => {
      const res = await send(server.port, { path: USER_PATH });
      expect(res.status).toBe(401);
    },
  );

  it.runIf(takes('upload'))('counts a 1 MiB upload (scenario 4)', async () => {
    const res = await send(server.port, {
      method: 'POST',
      path: UPLOAD_PATH,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.alloc(UPLOAD_SIZE, 'x'),
    });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(String(UPLOAD_SIZE));
  });

  it.runIf(takes('routes-10'))('answers the last of 10 scale routes (scenario 7)', async () => {
    const res = await send(server.port, { path: scaleTarget(10) });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(SCALE_ID);
  });

  it.runIf(takes('gzip'))('gzips the 10 KiB text (scenario 5)', async () => {
    const res = await send(server.port, { path: TEXT_PATH, headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body.length).toBeLessThan(TEXT_BODY.length);
    expect(gunzipSync(res.body).toString()).toBe(TEXT_BODY);
  });
});
