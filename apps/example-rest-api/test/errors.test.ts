import { HttpError, type Request } from '@skiff/router';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { MemoryNoteStore } from '../src/notes/store.js';

/** A store whose list() fails as a database would, and the errors the app logged. */
function failingApp(failure: unknown) {
  const store = new MemoryNoteStore();
  store.list = async () => {
    throw failure;
  };
  const logged: { error: unknown; url: string }[] = [];
  const app = buildApp({
    store,
    log: (error: unknown, req: Request) => logged.push({ error, url: req.originalUrl }),
  });
  return { app, logged };
}

describe('unknown routes and methods', () => {
  it.each(['/', '/api', '/api/nope', '/api/notes/1/extra'])('GET %s → 404 JSON', async (path) => {
    const res = await request(buildApp()).get(path);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({ error: { status: 404, message: `No route for GET ${path}` } });
  });

  it('a method the resource does not take → 405 with Allow', async () => {
    const res = await request(buildApp()).put('/api/notes').send({ title: 't' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, POST');
    expect(res.body.error.status).toBe(405);
  });
});

describe('the error middleware', () => {
  it('answers 500 for an error that is not an HttpError, without its message or stack, and logs it', async () => {
    const { app, logged } = failingApp(new Error('database password is hunter2'));
    const res = await request(app).get('/api/notes');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { status: 500, message: 'Internal Server Error' } });
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toContain('at ');
    expect(logged).toEqual([
      { error: expect.objectContaining({ message: 'database password is hunter2' }), url: '/api/notes' },
    ]);
  });

  it('answers an HttpError with its status and headers; a 5xx message stays private', async () => {
    const { app, logged } = failingApp(
      new HttpError(503, 'replica db-2 is down', { headers: { 'Retry-After': '30' } }),
    );
    const res = await request(app).get('/api/notes');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.body).toEqual({ error: { status: 503, message: 'Service Unavailable' } });
    expect(logged).toHaveLength(1);
  });

  it('does not log 4xx answers: they are the client’s fault', async () => {
    const logged: unknown[] = [];
    const app = buildApp({ log: (error) => logged.push(error) });
    await request(app).get('/api/notes/42');
    await request(app).post('/api/notes').send({});
    expect(logged).toEqual([]);
  });
});
