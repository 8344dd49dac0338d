import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';

describe('readConfig', () => {
  it('listens on localhost:3000 by default, and when PORT or HOST is empty', () => {
    expect(readConfig({})).toEqual({ port: 3000, host: 'localhost' });
    expect(readConfig({ PORT: '', HOST: '' })).toEqual({ port: 3000, host: 'localhost' });
  });

  it('takes PORT and HOST from the environment', () => {
    expect(readConfig({ PORT: '8080', HOST: '0.0.0.0' })).toEqual({ port: 8080, host: '0.0.0.0' });
    expect(readConfig({ PORT: '0' }).port).toBe(0);
  });

  it.each(['http', '-1', '65536', '3000.5'])('refuses PORT=%s with a message that names it', (port) => {
    expect(() => readConfig({ PORT: port })).toThrow(
      `PORT must be a whole number from 0 to 65535, got "${port}"`,
    );
  });
});
