import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import request from 'supertest';
import { coreServer, createApp, start } from '../src/app.js';

const app = createApp();

test('a typed route parameter answers, through a router and a middleware', async () => {
  const response = await request(app).get('/users/42').expect(200);
  assert.deepEqual(response.body, { id: '42' });
  assert.equal(response.headers['x-consumer'], 'yes');
});

test('a JSON body is parsed', async () => {
  const response = await request(app).post('/users').send({ name: 'Ada' }).expect(201);
  assert.deepEqual(response.body, { name: 'Ada' });
});

test('an HttpError reaches the final handler; the error middleware answers its own errors', async () => {
  await request(app).get('/users/0').expect(404, 'No such user');
  const response = await request(app).get('/boom').expect(500);
  assert.deepEqual(response.body, { error: 'boom' });
});

test('listen binds a port that fetch reaches', async () => {
  const server = await start(0);
  try {
    const response = await fetch(`http://127.0.0.1:${server.port}/users/7`);
    assert.deepEqual(await response.json(), { id: '7' });
  } finally {
    await server.close();
  }
});

test('@skiff/core serves on its own', async () => {
  await request(coreServer).get('/').expect(200, 'core\n');
});

after(() => {
  app.close();
  coreServer.close();
});
