import { describe, expect, it } from 'vitest';
import { isAuthorityForm, isValidHost } from '../../src/parser/host.js';

describe('isValidHost', () => {
  it.each([
    'a',
    'example.com',
    'example.com:80',
    'x:',
    '10.0.0.1:8080',
    '[::1]',
    '[2001:db8::1]:443',
    'a%20b',
  ])('accepts %j', (host) => {
    expect(isValidHost(host)).toBe(true);
  });

  it.each([
    '',
    ':80',
    'a b',
    'a/b',
    'u@a',
    'a?',
    'a#',
    'a:b',
    'a:1:2',
    '[::1',
    '[]',
    '[::1]x',
    '[v1.x]',
    'a%2',
    'é',
    'a\tb',
  ])('refuses %j', (host) => {
    expect(isValidHost(host)).toBe(false);
  });
});

describe('isAuthorityForm', () => {
  it('needs a host and a port', () => {
    expect(isAuthorityForm('example.com:443')).toBe(true);
    expect(isAuthorityForm('[::1]:443')).toBe(true);
    expect(isAuthorityForm('example.com')).toBe(false);
    expect(isAuthorityForm('example.com:')).toBe(false);
    expect(isAuthorityForm('/path')).toBe(false);
  });
});
