import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';

/** A request with a bad input, and the status and field the answer must name. */
interface BadInput {
  name: string;
  method: 'post' | 'patch';
  body: object;
  status: 400 | 422;
  field: string;
}

const badInputs: BadInput[] = [
  { name: 'no title', method: 'post', body: { body: 'text' }, status: 422, field: 'title' },
  { name: 'an empty title', method: 'post', body: { title: '' }, status: 422, field: 'title' },
  { name: 'a title of spaces', method: 'post', body: { title: '   ' }, status: 422, field: 'title' },
  { name: 'a title too long', method: 'post', body: { title: 'x'.repeat(201) }, status: 422, field: 'title' },
  { name: 'a number as title', method: 'post', body: { title: 7 }, status: 422, field: 'title' },
  { name: 'a null body text', method: 'post', body: { title: 't', body: null }, status: 422, field: 'body' },
  {
    name: 'pinned as a string',
    method: 'post',
    body: { title: 't', pinned: 'yes' },
    status: 422,
    field: 'pinned',
  },
  { name: 'an unknown field', method: 'post', body: { title: 't', titel: 't' }, status: 422, field: 'titel' },
  { name: 'an array', method: 'post', body: [{ title: 't' }], status: 400, field: 'body' },
  { name: 'an empty update', method: 'patch', body: {}, status: 422, field: 'body' },
  { name: 'a bad update', method: 'patch', body: { pinned: 1 }, status: 422, field: 'pinned' },
];

describe('validation: the status and a JSON body naming the field', () => {
  it.each(badInputs)(
    '$method with $name → $status, field $field',
    async ({ method, body, status, field }) => {
      const app = buildApp();
      await request(app).post('/api/notes').send({ title: 'existing' });
      const client = request(app);
      const test = method === 'post' ? client.post('/api/notes') : client.patch('/api/notes/1');
      const res = await test.send(body);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body.error).toMatchObject({ status, field });
      expect(res.body.error.message).toContain(field);
    },
  );

  it('nothing invalid is stored', async () => {
    const app = buildApp();
    await request(app).post('/api/notes').send({ title: 7 });
    expect((await request(app).get('/api/notes')).body.total).toBe(0);
  });

  it('a POST without a body → 400, field body', async () => {
    const res = await request(buildApp()).post('/api/notes');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, field: 'body' });
  });

  it.each(['0', '101', 'ten', '-1', '1.5'])('?limit=%s → 400, field limit', async (limit) => {
    const res = await request(buildApp()).get(`/api/notes?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, field: 'limit' });
  });
});

describe('bodies the parser refuses', () => {
  it('malformed JSON → 400 with a JSON error', async () => {
    const res = await request(buildApp())
      .post('/api/notes')
      .set('Content-Type', 'application/json')
      .send('{"title": "unterminated');
    expect(res.status).toBe(400);
    expect(res.body.error.status).toBe(400);
    // body-parser's message, as Express gives it: JSON.parse's own.
    expect(res.body.error.message).toMatch(/JSON/);
  });

  it('a body over the limit → 413', async () => {
    const res = await request(buildApp())
      .post('/api/notes')
      .send({ title: 't', body: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.status).toBe(413);
  });

  it('a body that is not JSON → 415', async () => {
    const res = await request(buildApp()).post('/api/notes').set('Content-Type', 'text/plain').send('title');
    expect(res.status).toBe(415);
    expect(res.body.error).toEqual({ status: 415, message: 'Send the body as application/json' });
  });
});
