import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';

// supertest listens on 127.0.0.1, port 0, for each request, and closes after it.

describe('notes: list, create, read, update, delete', () => {
  it('starts empty', async () => {
    const res = await request(buildApp()).get('/api/notes');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({ notes: [], total: 0 });
  });

  it('creates a note: 201, its Location, defaults filled in, title trimmed', async () => {
    const res = await request(buildApp()).post('/api/notes').send({ title: '  Groceries ' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/api/notes/1');
    expect(res.body).toEqual({ id: 1, title: 'Groceries', body: '', pinned: false });
  });

  it('reads, updates and deletes the note it created', async () => {
    const app = buildApp();
    const created = await request(app).post('/api/notes').send({ title: 'Draft', body: 'v1' });
    const url = String(created.headers.location);

    expect((await request(app).get(url)).body).toEqual({ id: 1, title: 'Draft', body: 'v1', pinned: false });

    const patched = await request(app).patch(url).send({ pinned: true, body: 'v2' });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ id: 1, title: 'Draft', body: 'v2', pinned: true });

    const deleted = await request(app).delete(url);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await request(app).get(url)).status).toBe(404);
    expect((await request(app).delete(url)).status).toBe(404);
  });

  it('lists oldest first, up to ?limit, with the total', async () => {
    const app = buildApp();
    for (const title of ['one', 'two', 'three']) {
      await request(app).post('/api/notes').send({ title });
    }
    const res = await request(app).get('/api/notes?limit=2');
    expect(res.body.total).toBe(3);
    expect(res.body.notes.map((note: { title: string }) => note.title)).toEqual(['one', 'two']);
  });

  it('answers 404 with a JSON body for an id that names no note, or cannot be one', async () => {
    const app = buildApp();
    for (const id of ['1', 'abc', '0', '007']) {
      const res = await request(app).get(`/api/notes/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { status: 404, message: `No note with id ${id}` } });
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await request(buildApp()).head('/api/notes');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.text).toBeUndefined();
  });
});
