// ETags, freshness and Range headers, computed by Skiff's own code, checked against the packages
// Express uses (etag, fresh, range-parser) on the same inputs.
import etag from 'etag';
import fresh from 'fresh';
import parseRangeWithPackage from 'range-parser';
import { describe, expect, it } from 'vitest';
import { compileEtag, entityTag, strongEtag, weakEtag } from '../src/etag.js';
import { isFresh } from '../src/fresh.js';
import { parseRange } from '../src/range.js';

const bodies: Record<string, string | Buffer> = {
  'an empty string': '',
  'an empty Buffer': Buffer.alloc(0),
  'an ASCII string': 'hello',
  'a JSON text': JSON.stringify({ id: 1, name: 'Ada', tags: ['x', 'y'] }),
  'a string with non-ASCII characters': 'héllo wörld, 日本語, 😀',
  'a string of lone surrogates': '\uD800 and \uDFFF',
  'a Buffer': Buffer.from([0, 1, 2, 250, 255]),
  'a Buffer of text': Buffer.from('héllo'),
  'a long string': 'abcdefghij'.repeat(10_000),
};

const byteLength = (body: string | Uint8Array) =>
  typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;

describe('ETags as the etag package makes them', () => {
  for (const [what, body] of Object.entries(bodies)) {
    it(`for ${what}`, () => {
      // Express hands the etag package a Buffer of the body.
      const buffer = typeof body === 'string' ? Buffer.from(body) : body;
      expect(weakEtag(body, byteLength(body))).toBe(etag(buffer, { weak: true }));
      expect(strongEtag(body, byteLength(body))).toBe(etag(buffer, { weak: false }));
    });
  }

  it('for bodies sent one after another, the same again, and a Buffer changed in place', () => {
    for (const body of ['a', 'b', 'a', 'a', 'héllo', 'a'.repeat(20_000), 'a'.repeat(20_000), 'b']) {
      expect(weakEtag(body, byteLength(body))).toBe(etag(body, { weak: true }));
      expect(strongEtag(body, byteLength(body))).toBe(etag(body));
    }
    const buffer = Buffer.from('abc');
    const before = weakEtag(buffer, 3);
    buffer[0] = 0x7a;
    expect(weakEtag(buffer, 3)).not.toBe(before);
    expect(weakEtag(buffer, 3)).toBe(etag(buffer, { weak: true }));
  });

  it('for a Uint8Array that is not a Buffer', () => {
    const bytes = new Uint8Array([104, 105]);
    expect(entityTag(bytes, 2)).toBe(etag(Buffer.from(bytes)));
  });
});

describe('the etag setting, compiled as Express compiles it', () => {
  it('takes true and weak for weak tags, strong for strong ones, false for none', () => {
    expect(compileEtag(true)).toBe(weakEtag);
    expect(compileEtag('weak')).toBe(weakEtag);
    expect(compileEtag('strong')).toBe(strongEtag);
    expect(compileEtag(false)).toBeUndefined();
  });

  it('refuses any other value with Express’s message', () => {
    expect(() => compileEtag('sometimes')).toThrow(
      new TypeError('unknown value for etag function: sometimes'),
    );
  });

  it('calls an app’s function with the body as a Buffer and no encoding; an empty answer is no tag', () => {
    const seen: unknown[] = [];
    const own = compileEtag((body: Buffer, encoding: undefined) => {
      seen.push(Buffer.isBuffer(body), body.toString(), encoding);
      return body.length > 2 ? '"long"' : '';
    });
    expect(own?.('héllo', 6)).toBe('"long"');
    expect(own?.('hi', 2)).toBeUndefined();
    expect(seen).toEqual([true, 'héllo', undefined, true, 'hi', undefined]);
  });
});

describe('freshness as the fresh package decides it', () => {
  const tag = '"abc"';
  const date = 'Mon, 30 Nov 2026 10:00:00 GMT';
  const earlier = 'Mon, 30 Nov 2026 09:00:00 GMT';
  const cases: [string, Record<string, string>, { etag?: string; 'last-modified'?: string }][] = [
    ['an unconditional request', {}, { etag: tag }],
    ['an empty If-None-Match', { 'if-none-match': '' }, { etag: tag }],
    ['the same tag', { 'if-none-match': tag }, { etag: tag }],
    ['another tag', { 'if-none-match': '"xyz"' }, { etag: tag }],
    ['a weak tag for a strong one', { 'if-none-match': `W/${tag}` }, { etag: tag }],
    ['a strong tag for a weak one', { 'if-none-match': tag }, { etag: `W/${tag}` }],
    ['a list holding the tag', { 'if-none-match': `"x", ${tag} ,"y"` }, { etag: tag }],
    ['a list with spaces inside a tag', { 'if-none-match': '"a b", "c"' }, { etag: '"a b"' }],
    ['a list without spaces', { 'if-none-match': `"x",${tag}` }, { etag: tag }],
    ['a list of others', { 'if-none-match': '"x", "y"' }, { etag: tag }],
    ['*', { 'if-none-match': '*' }, {}],
    ['a tag when the response has none', { 'if-none-match': tag }, {}],
    ['no-cache', { 'if-none-match': tag, 'cache-control': 'no-cache' }, { etag: tag }],
    [
      'no-cache among directives',
      { 'if-none-match': tag, 'cache-control': 'max-age=0, no-cache' },
      { etag: tag },
    ],
    [
      'a directive that only contains no-cache',
      { 'if-none-match': tag, 'cache-control': 'no-cache-x' },
      { etag: tag },
    ],
    ['a date at Last-Modified', { 'if-modified-since': date }, { 'last-modified': date }],
    ['a date before Last-Modified', { 'if-modified-since': earlier }, { 'last-modified': date }],
    ['a date after Last-Modified', { 'if-modified-since': date }, { 'last-modified': earlier }],
    ['a date without Last-Modified', { 'if-modified-since': date }, {}],
    ['a date that is not one', { 'if-modified-since': 'yesterday' }, { 'last-modified': date }],
    [
      'a tag that wins over a date',
      { 'if-none-match': '"x"', 'if-modified-since': date },
      { etag: tag, 'last-modified': date },
    ],
    [
      'an empty tag list and a date',
      { 'if-none-match': '', 'if-modified-since': date },
      { 'last-modified': date },
    ],
  ];
  for (const [what, request, response] of cases) {
    it(`for ${what}`, () => {
      expect(isFresh(request, response.etag, response['last-modified'])).toBe(fresh(request, response));
    });
  }
});

describe('Range headers as range-parser reads them', () => {
  const cases: [string, number, string, { combine?: boolean }?][] = [
    ['one range', 1000, 'bytes=0-499'],
    ['an open end', 1000, 'bytes=500-'],
    ['a suffix', 1000, 'bytes=-200'],
    ['a suffix longer than the file', 100, 'bytes=-200'],
    ['an end past the size', 100, 'bytes=50-500'],
    ['several ranges', 1000, 'bytes=0-9, 20-29,500-'],
    ['an unsatisfiable range among others', 100, 'bytes=200-300,0-9'],
    ['only unsatisfiable ranges', 100, 'bytes=200-300'],
    ['a reversed range', 100, 'bytes=50-10'],
    ['no equals sign', 100, 'bytes'],
    ['no dash', 100, 'bytes=10'],
    ['not a number', 100, 'bytes=a-b'],
    ['a lone dash', 100, 'bytes=-'],
    ['another unit', 100, 'items=0-5'],
    ['overlapping ranges combined', 1000, 'bytes=0-10,5-20,30-40,41-50,100-', { combine: true }],
    ['overlapping ranges kept', 1000, 'bytes=0-10,5-20', { combine: false }],
    ['ranges combined in the order asked', 1000, 'bytes=100-200,0-10,8-20,150-300', { combine: true }],
    ['an empty file', 0, 'bytes=0-'],
  ];
  for (const [what, size, header, options] of cases) {
    it(`for ${what}`, () => {
      const ours = parseRange(size, header, options);
      const theirs = parseRangeWithPackage(size, header, options);
      expect(ours).toEqual(theirs);
      if (typeof ours !== 'number' && typeof theirs !== 'number') expect(ours.type).toBe(theirs.type);
    });
  }
});
