// Injections per second for one small app: Skiff's inject() (in memory, through the parser),
// supertest over a socket (Skiff's own sockets), and Fastify's inject (light-my-request).
// Sequential requests, as a test suite makes them. Run after a build: `npx tsc -b && node apps/bench/inject.mjs`.

import { createRequire } from 'node:module';
import skiff from '@skiff/router';
import Fastify from 'fastify';

// supertest is a dev dependency of the router, not of the bench: take it from there.
const request = createRequire(new URL('../../packages/router/package.json', import.meta.url))('supertest');

const SECONDS = Number(process.env.SECONDS ?? 2);

async function rate(name, once) {
  for (let i = 0; i < 200; i++) await once();
  let count = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(SECONDS * 1e9);
  while (process.hrtime.bigint() < end) {
    await once();
    count++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = count / seconds;
  console.log(`${name.padEnd(38)} ${Math.round(perSecond).toString().padStart(7)} /s`);
  return perSecond;
}

function check(body) {
  if (body !== '{"hello":"world"}') throw new Error(`unexpected body ${body}`);
}

const app = skiff();
app.get('/hello', (_req, res) => {
  res.json({ hello: 'world' });
});

const fastify = Fastify();
fastify.get('/hello', async () => ({ hello: 'world' }));
await fastify.ready();

const listening = skiff();
listening.get('/hello', (_req, res) => {
  res.json({ hello: 'world' });
});
await new Promise((resolve) => listening.listen(0, '127.0.0.1', resolve));
const agent = request.agent(listening);

const results = {
  skiffInject: await rate('skiff app.inject()', async () =>
    check((await app.inject({ url: '/hello' })).body),
  ),
  fastifyInject: await rate('fastify.inject()', async () =>
    check((await fastify.inject({ url: '/hello' })).body),
  ),
  supertestListening: await rate('supertest, server listening (agent)', async () =>
    check((await agent.get('/hello')).text),
  ),
  supertestPerRequest: await rate('supertest, request(app) each time', async () =>
    check((await request(app).get('/hello')).text),
  ),
};
listening.close();
await fastify.close();

const base = results.skiffInject;
console.log('\nRatios to skiff app.inject():');
for (const [name, value] of Object.entries(results))
  console.log(`  ${name.padEnd(22)} ${(value / base).toFixed(2)}`);
