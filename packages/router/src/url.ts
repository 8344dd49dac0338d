/** Characters a URL may carry as they are; anything else is percent-encoded (as Express's encodeurl does). */
const UNSAFE_CHARACTERS =
  /(?:[^\x21\x23-\x3B\x3D\x3F-\x5F\x61-\x7A\x7C\x7E]|%(?:[^0-9A-Fa-f]|[0-9A-Fa-f][^0-9A-Fa-f]|$))+/g;
const LONE_SURROGATE = /(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uD800-\uDBFF]([^\uDC00-\uDFFF]|$)/g;

/** Encodes a URL for a header (Location), leaving valid %-escapes as they are. */
export function encodeUrl(url: string): string {
  return url.replace(LONE_SURROGATE, '$1\uFFFD$2').replace(UNSAFE_CHARACTERS, encodeURI);
}

/** The path part of a request target (what routes are matched against). */
export function pathnameOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Parsed query parameters as the default ('simple') parser gives them: a repeated key gives an
 * array, in order. With the 'extended' parser or the app's own, values are what that parser makes.
 */
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

/** The entities Express's escape-html writes, so that an HTML body is the same bytes. */
const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML body, as escape-html. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}
