import { describe, expect, it } from 'vitest';
import { parseChunkSizeLine } from '../../src/parser/chunk-size.js';

const parse = (line: string) => {
  // The line sits in a larger buffer, as it does in the parser, so reads past its end would show.
  const buffer = Buffer.from(`xx${line}\r\nyy`, 'latin1');
  return parseChunkSizeLine(buffer, 2, 2 + line.length);
};

describe('parseChunkSizeLine', () => {
  it.each([
    ['0', 0],
    ['a', 10],
    ['FF', 255],
    ['0000000010', 16],
    ['1fffffffffffff', Number.MAX_SAFE_INTEGER],
    ['5;a', 5],
    ['5 ;a=b', 5],
    ['5\t; a = "b\\"c" ;d=e', 5],
    ['5;a="";b=""', 5],
  ])('reads %j as %d', (line, size) => {
    expect(parse(line)).toBe(size);
  });

  it.each(['', 'x', '-1', '0x1', ' 1', '1 ', '1 2', '20000000000000', 'fffffffffffffffff'])(
    'refuses %j as a size',
    (line) => {
      expect(parse(line)).toBe('INVALID_CHUNK_SIZE');
    },
  );

  it.each(['1;', '1;;a', '1;a=', '1;a="', '1;a="\\', '1;a=b c', '1;a,b', '1 ; ', '1;a="\x00"'])(
    'refuses %j as an extension',
    (line) => {
      expect(parse(line)).toBe('INVALID_CHUNK_EXTENSION');
    },
  );
});
