/** `Cache-Control: no-cache` among the directives: the client asks for the whole response again. */
const NO_CACHE = /(?:^|,)\s*?no-cache\s*?(?:,|$)/;

/** The request headers a freshness check reads. */
export interface ConditionalHeaders {
  readonly 'if-none-match'?: string | undefined;
  readonly 'if-modified-since'?: string | undefined;
  readonly 'cache-control'?: string | undefined;
}

/**
 * True when the client's cached copy is still good, as the fresh package decides (Express's
 * `req.fresh`): If-None-Match (`*`, or a tag equal under weak comparison) wins over
 * If-Modified-Since (Last-Modified not after it); `Cache-Control: no-cache` is never fresh.
 */
export function isFresh(
  request: ConditionalHeaders,
  etag: string | undefined,
  lastModified: string | undefined,
): boolean {
  const modifiedSince = request['if-modified-since'];
  const noneMatch = request['if-none-match'];
  // An unconditional request (empty values count as absent, as in fresh).
  if (!modifiedSince && !noneMatch) return false;
  // RFC 9111 §5.2.1.4: an end-to-end reload.
  const cacheControl = request['cache-control'];
  if (cacheControl && NO_CACHE.test(cacheControl)) return false;
  if (noneMatch) {
    if (noneMatch === '*') return true;
    if (!etag) return false;
    return tagListMatches(noneMatch, etag);
  }
  // RFC 9110 §13.1.3: fresh unless the representation changed after the client's date.
  if (!lastModified) return false;
  return Date.parse(lastModified) <= Date.parse(modifiedSince as string);
}

/**
 * True when one tag of an If-None-Match list matches `etag` under weak comparison (RFC 9110
 * §8.8.3.2): `W/"x"` and `"x"` match either way. Tokens are split on commas, spaces trimmed
 * around them, exactly as the fresh package splits them.
 */
function tagListMatches(list: string, etag: string): boolean {
  let start = 0;
  let end = 0;
  for (let index = 0; index < list.length; index++) {
    const code = list.charCodeAt(index);
    if (code === 0x20 /* space */) {
      if (start === end) start = end = index + 1;
    } else if (code === 0x2c /* , */) {
      if (matchesTag(list.slice(start, end), etag)) return true;
      start = end = index + 1;
    } else {
      end = index + 1;
    }
  }
  return matchesTag(list.slice(start, end), etag);
}

function matchesTag(candidate: string, etag: string): boolean {
  return candidate === etag || candidate === `W/${etag}` || `W/${candidate}` === etag;
}
