import { Request } from '@skiff/core';
import type { App } from './app.js';
import { pathnameOf } from './dispatch.js';
import { matchType } from './media-type.js';
import { acceptedTokens, acceptedTypes, acceptedValues, parsePreferences } from './negotiate.js';
import type { Params } from './params.js';
import type { AppResponse } from './response.js';
import type { NextFunction } from './types.js';
import { parseQuery, type Query, searchOf } from './url.js';

/**
 * True when the request says it has a body, as Express's type-is decides: a Transfer-Encoding,
 * or any Content-Length, 0 included (an empty JSON body is then `{}`, not "no body").
 */
export function declaresBody(req: { readonly headers: Record<string, string> }): boolean {
  return req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
}

/** The first value of a comma-separated header, trimmed. */
function firstValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const comma = value.indexOf(',');
  return (comma === -1 ? value : value.slice(0, comma)).trim() || undefined;
}

/**
 * The request an app's handlers get: core's Request (headers, body stream, `readBody`)
 * with Express's helpers. `Params` is the shape of `req.params`, inferred from the route path.
 */
export class AppRequest<P = Params> extends Request {
  /** Route parameters of the layer that is running, decoded. */
  params: P = {} as P;
  /** The path the current router is mounted at (`''` at the top). */
  baseUrl = '';
  /** The request-target as received; `req.url` loses the mount prefix inside a mounted router. */
  originalUrl: string = this.url;
  /** The parsed body, set by a body parser; undefined until one ran. */
  body: unknown = undefined;
  /** The app that received the request. */
  app!: App;
  /** The response to this request. */
  res!: AppResponse;
  /** The `next` of the handler that is running. */
  next: NextFunction | undefined = undefined;
  /**
   * @internal What routing learnt for the 405 and OPTIONS answers: the methods of routes whose
   * path matched, or `'method matched'` once a route matched path and method (then it is a 404).
   */
  routeMethods: Set<string> | 'method matched' | undefined = undefined;
  #querySource: string | undefined = undefined;
  #query: Query | undefined = undefined;

  /** The path of `req.url` (inside a mounted router, without the prefix), without the query. */
  get path(): string {
    return pathnameOf(this.url);
  }

  /** The query parameters, parsed on first use; a repeated key gives an array. */
  get query(): Query {
    const search = searchOf(this.url);
    if (this.#query === undefined || search !== this.#querySource) {
      this.#query = parseQuery(search);
      this.#querySource = search;
    }
    return this.#query;
  }

  /** A request header by name (any case); `referer` and `referrer` are the same. */
  override header(name: string): string | undefined {
    const lower = name.toLowerCase();
    if (lower === 'referer' || lower === 'referrer') return this.headers.referer ?? this.headers.referrer;
    return this.headers[lower];
  }

  /** Same as `header(name)`. */
  get(name: string): string | undefined {
    return this.header(name);
  }

  /**
   * The first of `types` the body's Content-Type matches (`'json'`, `'text/*'`,
   * `'+json'`), false when none does, null when the request has no body.
   */
  is(...types: (string | readonly string[])[]): string | false | null {
    if (!declaresBody(this)) return null;
    return matchType(this.headers['content-type'], types.flat());
  }

  /** The best of the offered types (`'json'`, `'text/html'`) for the Accept header, or false; with no offers, the accepted types. */
  accepts(...types: (string | readonly string[])[]): string | false;
  accepts(): string[];
  accepts(...types: (string | readonly string[])[]): string | false | string[] {
    const offers = types.flat();
    if (offers.length === 0) {
      // As Express: the client's own types, best first (`*/*` when it sent no Accept).
      const accept = this.headers.accept;
      if (accept === undefined || accept.trim() === '') return ['*/*'];
      return parsePreferences(accept)
        .filter((preference) => preference.q > 0)
        .sort((a, b) => b.q - a.q || a.order - b.order)
        .map((preference) => preference.value);
    }
    return acceptedTypes(this.headers.accept, offers)[0] ?? false;
  }

  /** The best of the offered encodings for Accept-Encoding (`identity` unless refused), or false; with no offers, the accepted ones. */
  acceptsEncodings(...encodings: (string | readonly string[])[]): string | false;
  acceptsEncodings(): string[];
  acceptsEncodings(...encodings: (string | readonly string[])[]): string | false | string[] {
    const offers = encodings.flat();
    const header = this.headers['accept-encoding'];
    if (offers.length === 0) return acceptedValues(header, '', 'identity');
    return acceptedTokens(header, offers, { implicit: 'identity', absentMeansAny: false })[0] ?? false;
  }

  /** The best of the offered charsets for Accept-Charset, or false; with no offers, the accepted ones. */
  acceptsCharsets(...charsets: (string | readonly string[])[]): string | false;
  acceptsCharsets(): string[];
  acceptsCharsets(...charsets: (string | readonly string[])[]): string | false | string[] {
    const offers = charsets.flat();
    const header = this.headers['accept-charset'];
    if (offers.length === 0) return acceptedValues(header, '*');
    return acceptedTokens(header, offers, { absentMeansAny: true })[0] ?? false;
  }

  /** The best of the offered languages for Accept-Language (`en` accepts `en-US`, `fr-CA` accepts `fr`), or false; with no offers, the accepted ones. */
  acceptsLanguages(...languages: (string | readonly string[])[]): string | false;
  acceptsLanguages(): string[];
  acceptsLanguages(...languages: (string | readonly string[])[]): string | false | string[] {
    const offers = languages.flat();
    const header = this.headers['accept-language'];
    if (offers.length === 0) return acceptedValues(header, '*');
    return acceptedTokens(header, offers, { prefix: true, absentMeansAny: true })[0] ?? false;
  }

  get #trustProxy(): boolean {
    return this.app?.settings.trustProxy === true;
  }

  /** The client address: the socket's peer, or with `trustProxy` the first X-Forwarded-For entry. */
  get ip(): string | undefined {
    return this.ips[0] ?? this.socket.remoteAddress;
  }

  /** With `trustProxy`, the X-Forwarded-For addresses, client first; else empty. */
  get ips(): string[] {
    const forwarded = this.#trustProxy ? this.headers['x-forwarded-for'] : undefined;
    if (forwarded === undefined) return [];
    return forwarded
      .split(',')
      .map((address) => address.trim())
      .filter((address) => address !== '');
  }

  /** The Host header (with `trustProxy`, X-Forwarded-Host) with its port. */
  get host(): string | undefined {
    return (this.#trustProxy ? firstValue(this.headers['x-forwarded-host']) : undefined) ?? this.headers.host;
  }

  /** The host name, without the port (`[::1]` keeps its brackets). */
  get hostname(): string | undefined {
    const host = this.host;
    if (host === undefined) return undefined;
    const end = host.startsWith('[') ? host.indexOf(']') + 1 : host.indexOf(':');
    return end > 0 ? host.slice(0, end) : host;
  }

  /** `'https'` on a TLS socket, else `'http'`; with `trustProxy` the X-Forwarded-Proto value when sent. */
  get protocol(): string {
    return (
      // As Express: taken as sent, so `HTTPS` is not `https` (and req.secure stays false).
      (this.#trustProxy ? firstValue(this.headers['x-forwarded-proto']) : undefined) ??
      // As Express (`connection.encrypted`): a TLS socket says so, as node:tls's TLSSocket does.
      ((this.socket as { readonly encrypted?: boolean }).encrypted === true ? 'https' : 'http')
    );
  }

  /** True when `protocol` is https. */
  get secure(): boolean {
    return this.protocol === 'https';
  }

  /** True for a request sent with `X-Requested-With: XMLHttpRequest`. */
  get xhr(): boolean {
    return this.headers['x-requested-with']?.toLowerCase() === 'xmlhttprequest';
  }
}
