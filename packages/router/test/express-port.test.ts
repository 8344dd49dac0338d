// An Express 5 app, ported by changing the import and `express()` to `skiff()`; nothing else.

import skiff, { type NextFunction, type Request, type Response, Router } from '@skiff/router';
import request from 'supertest';
import { describe, expect, it } from 'vitest';

interface Todo {
  id: number;
  title: string;
  done: boolean;
}

function buildApp() {
  const app = skiff();
  const todos: Todo[] = [{ id: 1, title: 'write tests', done: false }];

  app.use(skiff.json());
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.set('X-Request-Path', req.path);
    next();
  });

  const api = Router();

  api.get('/todos', (req, res) => {
    const done = req.query.done;
    res.json(done === undefined ? todos : todos.filter((todo) => String(todo.done) === done));
  });

  api.get('/todos/:id', (req, res, next) => {
    const todo = todos.find((candidate) => candidate.id === Number(req.params.id));
    if (!todo) return next();
    res.json(todo);
  });

  api.post('/todos', (req, res) => {
    const { title } = req.body as { title?: unknown };
    if (typeof title !== 'string' || title === '') {
      res.status(400).json({ error: 'title is required' });
      return;
    }
    const todo = { id: todos.length + 1, title, done: false };
    todos.push(todo);
    res.status(201).location(`/api/todos/${todo.id}`).json(todo);
  });

  api
    .route('/todos/:id/done')
    .put((req, res) => {
      const todo = todos.find((candidate) => candidate.id === Number(req.params.id));
      if (!todo) throw Object.assign(new Error('No such todo'), { status: 404, expose: true });
      todo.done = true;
      res.sendStatus(204);
    })
    .delete(async (req, _res) => {
      await Promise.resolve();
      throw new Error(`cannot undo ${req.params.id}`);
    });

  app.use('/api', api);

  app.get('/', (req, res) => {
    res.send(`<h1>Todos</h1><p>${req.originalUrl}</p>`);
  });

  app.use(
    (err: Error & { status?: number; expose?: boolean }, req: Request, res: Response, next: NextFunction) => {
      if (err.status === undefined || err.status >= 500) {
        res.status(500).json({ error: 'internal', path: req.originalUrl });
        return;
      }
      next(err);
    },
  );

  return app;
}

describe('an Express 5 app on Skiff', () => {
  it('serves HTML and JSON routes with params and query', async () => {
    const app = buildApp();
    const home = await request(app).get('/');
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.text).toBe('<h1>Todos</h1><p>/</p>');
    expect((await request(app).get('/api/todos/1')).body).toEqual({
      id: 1,
      title: 'write tests',
      done: false,
    });
    expect((await request(app).get('/api/todos?done=true')).body).toEqual([]);
    expect((await request(app).get('/api/todos/1')).headers['x-request-path']).toBe('/api/todos/1');
  });

  it('parses a JSON body and answers 201 with Location', async () => {
    const app = buildApp();
    const res = await request(app).post('/api/todos').send({ title: 'ship it' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/api/todos/2');
    expect(res.body).toEqual({ id: 2, title: 'ship it', done: false });
    expect((await request(app).post('/api/todos').send({})).status).toBe(400);
    expect(
      (await request(app).post('/api/todos').set('Content-Type', 'application/json').send('{oops')).status,
    ).toBe(400);
  });

  it('routes errors to the error middleware and on to the final handler', async () => {
    const app = buildApp();
    app.on('handlerError', () => undefined);
    expect((await request(app).put('/api/todos/1/done')).status).toBe(204);
    const missing = await request(app).put('/api/todos/9/done');
    expect([missing.status, missing.text]).toEqual([404, 'No such todo']);
    const failing = await request(app).delete('/api/todos/1/done');
    expect([failing.status, failing.body]).toEqual([500, { error: 'internal', path: '/api/todos/1/done' }]);
  });

  it('answers 404 and 405', async () => {
    const app = buildApp();
    const missing = await request(app).get('/api/todos/42');
    expect([missing.status, missing.text]).toEqual([404, 'Cannot GET /api/todos/42']);
    const wrongMethod = await request(app).patch('/api/todos');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD, POST');
  });
});
