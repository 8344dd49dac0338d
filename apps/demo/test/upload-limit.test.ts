import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoFixture } from './fixture.js';
import { requestBytes, WireClient } from './wire.js';

const LIMIT = 1_000;
const fixture = demoFixture({ maxUpload: LIMIT });

/** A chunked upload of `sizes` chunks of `x`, as one write. */
function chunkedUpload(name: string, sizes: number[]): string {
  const chunks = sizes.map((size) => `${size.toString(16)}\r\n${'x'.repeat(size)}\r\n`).join('');
  return `${requestBytes('POST', `/files/${name}`).slice(0, -2)}Transfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`;
}

describe(`uploads over --max-upload (${LIMIT} bytes here)`, () => {
  const cases: { name: string; request: string; status: number }[] = [
    {
      name: 'Content-Length at the limit',
      request: requestBytes('POST', '/files/at.bin', {}, 'x'.repeat(LIMIT)),
      status: 201,
    },
    {
      name: 'Content-Length over the limit',
      request: requestBytes('POST', '/files/over.bin', {}, 'x'.repeat(LIMIT + 1)),
      status: 413,
    },
    { name: 'chunked, at the limit', request: chunkedUpload('chunked-at.bin', [600, 400]), status: 201 },
    {
      name: 'chunked, over the limit',
      request: chunkedUpload('chunked-over.bin', [600, 600, 600]),
      status: 413,
    },
  ];
  for (const { name, request, status } of cases) {
    it(`${name}: ${status}`, async () => {
      const before = await readdir(fixture.directory());
      const client = await WireClient.open(fixture.port());
      client.send(request);
      const response = await client.read();
      expect(response.status).toBe(status);
      const after = await readdir(fixture.directory());
      if (status === 413) {
        expect(response.body.toString()).toContain(`limited to ${LIMIT} bytes`);
        // Nothing on disk, the temporary file included.
        expect(after.sort()).toEqual(before.sort());
      } else {
        const file = /\/files\/(\S+)/.exec(request)?.[1] ?? '';
        expect((await readFile(join(fixture.directory(), file))).length).toBe(LIMIT);
        expect(after.filter((entry) => entry.endsWith('.upload'))).toEqual([]);
      }
      client.socket.destroy();
    });
  }

  it('the default limit is 10 MiB', async () => {
    const { demoDefaults } = await import('../src/defaults.js');
    expect(demoDefaults.maxUpload).toBe(10 * 1024 * 1024);
    expect(fixture.handlerErrors()).toEqual([]);
  });
});
