import type { Transform } from 'node:stream';
import type * as Zlib from 'node:zlib';
import { lazyRequire } from '../../lazy-require.js';
import { bodyError } from './errors.js';

// node:zlib is loaded by the first compressed body, not by every app that parses bodies.
const zlib = lazyRequire<typeof Zlib>('node:zlib');

/**
 * A stream that inflates a request body sent with `coding` (`gzip`, `deflate`, `br`, and
 * `zstd` where Node has it), or undefined for `identity`. Anything else is refused with
 * body-parser's 415, as is any coding at all when `inflate` is off.
 */
export function inflater(coding: string, inflate: boolean): Transform | undefined {
  if (coding === 'identity') return undefined;
  if (!inflate) {
    throw bodyError(415, 'content encoding unsupported', { encoding: coding, type: 'encoding.unsupported' });
  }
  switch (coding) {
    case 'gzip':
      return zlib().createGunzip();
    case 'deflate':
      return zlib().createInflate();
    case 'br':
      return zlib().createBrotliDecompress();
    case 'zstd': {
      // zlib's zstd decompressor, where this Node has one (22.15+), as body-parser uses it.
      const createZstdDecompress = (zlib() as { createZstdDecompress?: () => Transform })
        .createZstdDecompress;
      if (createZstdDecompress !== undefined) return createZstdDecompress();
    }
  }
  throw bodyError(415, `unsupported content encoding "${coding}"`, {
    encoding: coding,
    type: 'encoding.unsupported',
  });
}
