// Runs the README's examples as they are written, so that the README cannot drift from the code.

import { readFile, rm, writeFile } from 'node:fs/promises';
import type { App } from '@skiff/router';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';

const readmeUrl = new URL('../README.md', import.meta.url);
const written: URL[] = [];

/** The ```ts blocks of the README, in order. */
async function examples(): Promise<string[]> {
  const readme = await readFile(readmeUrl, 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((found) => found[1] ?? '');
}

/**
 * Loads a README example as a module. Its last statement, `app.listen(…)`, becomes
 * `export default app`, so the test gets the app unstarted and supertest binds port 0.
 */
async function load(code: string, name: string): Promise<App> {
  const listen = /^app\.listen\(.*\);\n$/m;
  expect(code, 'the example ends with app.listen(…)').toMatch(listen);
  // Beside this test, so that the workspace's aliases and TypeScript settings apply to it as to any test.
  const file = new URL(`./.readme-${name}.ts`, import.meta.url);
  written.push(file);
  await writeFile(file, code.replace(listen, 'export default app;\n'));
  const loaded = (await import(/* @vite-ignore */ file.href)) as { default: App };
  return loaded.default;
}

afterAll(async () => {
  for (const file of written) await rm(file, { force: true });
});

describe('the README', () => {
  it('has the two examples this test runs', async () => {
    expect(await examples()).toHaveLength(2);
  });

  it('main example: a router, typed params, JSON, HttpError and error middleware', async () => {
    const [code = ''] = await examples();
    const app = await load(code, 'main');
    app.on('handlerError', () => undefined);
    expect((await request(app).get('/users/7')).body).toEqual({ id: '7' });
    const missing = await request(app).get('/users/0');
    expect([missing.status, missing.headers['x-error']]).toEqual([404, 'No such user']);
    // Under vitest NODE_ENV is 'test', so the example runs with dev on: the body is the stack.
    expect(missing.text).toMatch(/^HttpError: No such user\n\s+at /);
    const made = await request(app).post('/users').send({ name: 'Ada' });
    expect([made.status, made.body]).toEqual([201, { name: 'Ada' }]);
    const nope = await request(app).get('/nope');
    expect([nope.status, nope.text]).toEqual([404, 'Cannot GET /nope']);
  });

  it('second example: route(), optional params, a text limit, 405 and streaming', async () => {
    const [, code = ''] = await examples();
    const app = await load(code, 'routes');
    expect((await request(app).get('/notes')).body).toEqual({ id: 'all' });
    expect((await request(app).get('/notes/5')).body).toEqual({ id: '5' });
    const saved = await request(app).put('/notes/5').type('text/plain').send('hi');
    expect([saved.text, saved.headers['content-type']]).toEqual(['saved hi', 'text/plain']);
    expect((await request(app).put('/notes/5').type('text/plain').send('x'.repeat(2048))).status).toBe(413);
    const wrong = await request(app).delete('/notes/5');
    expect([wrong.status, wrong.headers.allow]).toEqual([405, 'GET, HEAD, PUT']);
    const counted = await request(app).get('/count');
    expect([counted.text, counted.headers['transfer-encoding']]).toEqual(['1\n2\n3\n', 'chunked']);
  });
});
