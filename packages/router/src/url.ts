/** Characters a URL may carry as they are; anything else is percent-encoded (as Express's encodeurl does). */
const UNSAFE_CHARACTERS =
  /(?:[^\x21\x23-\x3B\x3D\x3F-\x5F\x61-\x7A\x7C\x7E]|%(?:[^0-9A-Fa-f]|[0-9A-Fa-f][^0-9A-Fa-f]|$))+/g;
const LONE_SURROGATE = /(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uD800-\uDBFF]([^\uDC00-\uDFFF]|$)/g;

/** Encodes a URL for a header (Location), leaving valid %-escapes as they are. */
export function encodeUrl(url: string): string {
  return url.replace(LONE_SURROGATE, '$1\uFFFD$2').replace(UNSAFE_CHARACTERS, encodeURI);
}

/** Parsed query parameters: a repeated key gives an array, in order. */
export type Query = Record<string, string | string[]>;

/** The most pairs a query string is read for, as node:querystring's default `maxKeys`. */
const MAX_QUERY_PAIRS = 1000;

/**
 * Parses a query string with URLSearchParams semantics (`+` is a space); repeated keys become
 * arrays; pairs past `maxPairs` are left out.
 */
export function parseQuery(search: string, maxPairs = MAX_QUERY_PAIRS): Query {
  // A null prototype, so that `?__proto__=x` is only data.
  const query: Query = Object.create(null);
  if (search === '') return query;
  let pairs = 0;
  for (const [key, value] of new URLSearchParams(search)) {
    // As Express's simple query parser (node:querystring): pairs past the 1000th are left out.
    if (++pairs > maxPairs) break;
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (typeof existing === 'string') query[key] = [existing, value];
    else existing.push(value);
  }
  return query;
}

/** The query string of a request target, without the `?`. */
export function searchOf(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? '' : url.slice(index + 1);
}

/** The entities Express's escape-html writes, so an HTML body is byte for byte the same. */
const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML body. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}
