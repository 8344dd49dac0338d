import { describe, expect, it } from 'vitest';
import { parseContentLength } from '../../src/parser/content-length.js';
import { decideFraming } from '../../src/parser/framing.js';

describe('parseContentLength', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['0042', 42],
    ['7, 7', 7],
    ['7,7 ,\t7', 7],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ['00000000000000000000000001', 1],
  ])('reads %j as %d', (value, length) => {
    expect(parseContentLength(value)).toBe(length);
  });

  it.each([
    '',
    ' ',
    '+1',
    '-1',
    '0x1',
    '1e3',
    '1.0',
    '1 2',
    '1,',
    ',1',
    '1,,1',
    'Infinity',
    'NaN',
    '9007199254740992',
    '99999999999999999999',
    '\u00a01',
    '1\u2028',
  ])('refuses %j', (value) => {
    expect(parseContentLength(value)).toBe('INVALID_CONTENT_LENGTH');
  });

  it('reports differing values as a conflict', () => {
    expect(parseContentLength('1, 2')).toBe('CONFLICTING_CONTENT_LENGTH');
    expect(parseContentLength('1, 1, 10')).toBe('CONFLICTING_CONTENT_LENGTH');
  });
});

describe('decideFraming', () => {
  it.each([
    [undefined, undefined, { kind: 'none' }],
    [undefined, '0', { kind: 'length', length: 0 }],
    [undefined, '12', { kind: 'length', length: 12 }],
    ['chunked', undefined, { kind: 'chunked' }],
    ['Chunked', undefined, { kind: 'chunked' }],
    [' ,chunked, ', undefined, { kind: 'chunked' }],
  ])('TE %j and CL %j give %j', (transferEncoding, contentLength, framing) => {
    expect(decideFraming(transferEncoding, contentLength)).toEqual(framing);
  });

  it.each([
    ['chunked', '0', 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH'],
    ['gzip', '5', 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH'],
    ['chunked, gzip', undefined, 'INVALID_TRANSFER_ENCODING'],
    ['chunked, chunked', undefined, 'INVALID_TRANSFER_ENCODING'],
    ['gzip, chunked, chunked', undefined, 'INVALID_TRANSFER_ENCODING'],
    ['', undefined, 'INVALID_TRANSFER_ENCODING'],
    ['chunked;x=1', undefined, 'INVALID_TRANSFER_ENCODING'],
    ['gzip, chunked', undefined, 'UNSUPPORTED_TRANSFER_ENCODING'],
    ['identity, chunked', undefined, 'UNSUPPORTED_TRANSFER_ENCODING'],
    [undefined, '5, 6', 'CONFLICTING_CONTENT_LENGTH'],
    [undefined, '0x5', 'INVALID_CONTENT_LENGTH'],
  ])('TE %j and CL %j are refused with %s', (transferEncoding, contentLength, code) => {
    expect(decideFraming(transferEncoding, contentLength)).toBe(code);
  });
});
