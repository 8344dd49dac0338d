import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { demoFixture } from './fixture.js';
import { forbiddenHeaders, type Scenario, scenarios } from './scenarios.js';
import { requestBytes, WireClient } from './wire.js';

/** What a transport read back, in one shape, so each scenario is checked by the same code. */
interface Observed {
  status: number;
  reason: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The client already undid the Content-Encoding (supertest gunzips on its own). */
  decoded?: boolean;
}

function check(scenario: Scenario, observed: Observed): void {
  const { expect: wanted } = scenario;
  expect(observed.status).toBe(wanted.status);
  expect(observed.reason).toBe(wanted.reason);
  for (const [name, value] of Object.entries(wanted.headers ?? {}))
    expect(observed.headers[name], name).toBe(value);
  for (const name of [...(wanted.absent ?? []), ...forbiddenHeaders])
    expect(observed.headers[name], name).toBeUndefined();
  if (observed.decoded && wanted.gzip) expect(observed.headers['content-length']).toMatch(/^\d+$/);
  else
    expect(observed.headers['content-length'], 'every response carries a Content-Length').toBe(
      String(observed.body.length),
    );
  if (wanted.body !== undefined) {
    const body = wanted.gzip && !observed.decoded ? gunzipSync(observed.body) : observed.body;
    expect(body.toString()).toBe(wanted.body);
  }
}

const fixture = demoFixture();

describe('challenge stages over a raw socket (exact bytes)', () => {
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const client = await WireClient.open(fixture.port());
      client.send(requestBytes(scenario.method, scenario.path, scenario.headers, scenario.body));
      const response = await client.read();
      expect(response.statusLine).toBe(`HTTP/1.1 ${scenario.expect.status} ${scenario.expect.reason}`);
      check(scenario, response);
      client.socket.destroy();
    });
  }
});

describe('challenge stages over supertest', () => {
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      let call =
        scenario.method === 'GET'
          ? request(fixture.app()).get(scenario.path)
          : request(fixture.app()).post(scenario.path);
      // supertest asks for gzip unless told otherwise; the scenario says what the challenge's client sends.
      call = call.set('Accept-Encoding', 'identity');
      for (const [name, value] of Object.entries(scenario.headers ?? {})) call = call.set(name, value);
      call = call.buffer(true).parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
      const response = await (scenario.body === undefined ? call : call.send(scenario.body));
      const reason = (response as unknown as { res: { statusMessage: string } }).res.statusMessage;
      check(scenario, {
        status: response.status,
        reason,
        headers: response.headers as Record<string, string>,
        body: response.body as Buffer,
        decoded: true,
      });
    });
  }

  it('the uploaded file is on disk whole', async () => {
    await request(fixture.app()).post('/files/check.bin').send('the whole body').expect(201);
    expect(await readFile(join(fixture.directory(), 'check.bin'), 'utf8')).toBe('the whole body');
  });
});
