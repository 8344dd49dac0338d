import { finished, pipeline, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { get, listen, rawClient, signal, within } from '../helpers/server.js';

/** A source that sends two chunks, then fails. */
function failingSource(): Readable {
  let step = 0;
  return new Readable({
    read() {
      step++;
      if (step === 1) this.push('one');
      else if (step === 2) this.push('two');
      else setTimeout(() => this.destroy(new Error('source failed')), 10);
    },
  });
}

describe.concurrent('responses as streams', () => {
  it('a source that fails mid-body ends the connection without the chunked terminator', async () => {
    const result = signal<Error | null | undefined>();
    const { server, port } = await listen((_req, res) => {
      pipeline(failingSource(), res, (error) => result.resolve(error));
    });
    server.on('handlerError', () => {});
    const client = await rawClient(port);
    client.send(get('/'));
    const text = await client.closed({ timeout: 2_000 });
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain('one');
    expect(text).not.toContain('0\r\n\r\n');
    expect((await within(result.promise, 'the pipeline callback'))?.message).toBe('source failed');
    await within(new Promise<void>((resolve) => server.close(() => resolve())), 'server.close() to complete');
  });

  it('stream.finished(res) calls back after a normal response', async () => {
    const result = signal<Error | null | undefined>();
    const { port } = await listen((_req, res) => {
      finished(res, (error) => result.resolve(error));
      res.end('done');
    });
    const client = await rawClient(port);
    client.send(get('/', 'Connection: close\r\n'));
    expect(await client.closed()).toContain('done');
    expect(await within(result.promise, 'the finished() callback')).toBeFalsy();
  });

  it('res.destroy() closes the connection at once and emits close on the response', async () => {
    const events = signal<{ closeEmitted: boolean; destroyed: boolean }>();
    const { port } = await listen((_req, res) => {
      let closeEmitted = false;
      res.on('close', () => {
        closeEmitted = true;
        events.resolve({ closeEmitted, destroyed: res.destroyed });
      });
      res.destroy();
    });
    const client = await rawClient(port);
    client.send(get('/'));
    expect(await client.closed({ timeout: 2_000 })).toBe('');
    expect(await within(events.promise, "the response's close event")).toEqual({
      closeEmitted: true,
      destroyed: true,
    });
  });
});
