import { connect } from 'node:net';
import defaultSkiff, { App, Router, skiff } from '@skiff/router';
import request from 'supertest';
import { describe, expect, it } from 'vitest';

describe('the package exports', () => {
  it('exports skiff by name and as the default, and Router with or without new', () => {
    expect(skiff).toBe(defaultSkiff);
    expect(skiff.Router).toBe(Router);
    expect(skiff()).toBeInstanceOf(App);
    const called = Router();
    const constructed = new Router();
    expect(called).toBeInstanceOf(Router);
    expect(constructed).toBeInstanceOf(Router);
    expect(typeof skiff.json).toBe('function');
  });
});

describe('the app as a net.Server', () => {
  it('returns the app from listen(port, host, cb) and reports its address', async () => {
    const app = skiff();
    const listened = new Promise<void>((resolve) => {
      expect(app.listen(0, '127.0.0.1', resolve)).toBe(app);
    });
    await listened;
    const address = app.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    expect(address.address).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    await new Promise((resolve) => app.close(resolve));
  });

  it('close() ends an idle keep-alive connection, so the callback runs without waiting for the client', async () => {
    const app = skiff();
    app.get('/', (_req, res) => res.send('up'));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const address = app.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    const socket = connect(address.port, '127.0.0.1');
    const ended = new Promise<void>((resolve) => socket.on('end', resolve));
    // One complete exchange; the client then keeps the connection open and idle.
    const answered = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (text.endsWith('up')) resolve(text);
      });
    });
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await answered).toMatch(/^HTTP\/1\.1 200 /);
    expect(await answered).not.toMatch(/Connection: close/i);
    await new Promise((resolve) => app.close(resolve));
    await ended;
    socket.destroy();
  });

  it('serves supertest one request after another on the same app', async () => {
    const app = skiff();
    app.get('/', (_req, res) => res.send('up'));
    for (let round = 0; round < 3; round += 1) {
      expect((await request(app).get('/')).text).toBe('up');
    }
  });
});
