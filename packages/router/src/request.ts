import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { headerKey, Request } from '@skiff/core';
import type TypeIs from 'type-is';
import { isFresh } from './fresh.js';
import { DEFAULT_HTTP_SETTINGS, type HttpSettings } from './http-settings.js';
import { lazyRequire } from './lazy-require.js';
import type { Links } from './links.js';
import { negotiate } from './negotiate.js';
import type { NextFunction } from './next.js';
import type { Params } from './params.js';
import { parseRange, type RangeFailure, type RangeOptions, type Ranges } from './range.js';
import { forwardedAddresses, type TrustFunction, trustNone } from './trust-proxy.js';
import { pathnameOf, type Query } from './url.js';

// type-is is loaded by the first req.is(), not by every app.
const typeis = lazyRequire<typeof TypeIs>('type-is');

/**
 * True when the request says it has a body, as Express's type-is decides: a Transfer-Encoding,
 * or any Content-Length, 0 included (an empty JSON body is then `{}`, not "no body").
 */
export function declaresBody(req: { readonly headers: Record<string, string> }): boolean {
  return req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
}

/** A response header as one string, as the fresh package reads it. */
function headerText(value: string | readonly string[] | undefined): string | undefined {
  return value === undefined || typeof value === 'string' ? value : value.join(', ');
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
  app!: Links['App'];
  /** The response to this request. */
  res!: Links['AppResponse'];
  /** The route whose handlers run (or last ran) for this request, as Express's `req.route`. */
  route: Links['Route'] | undefined = undefined;
  /** The `next` of the handler that is running. */
  next: NextFunction | undefined = undefined;
  // Declared, not initialised: absent until a cookie parser runs (cookie-parser skips a request
  // whose `req.cookies` is set), and no cost to a request that has no cookies to parse.
  /** The request's cookies, set by `cookieParser()` (or cookie-parser); `j:` values parsed as JSON. */
  declare cookies?: Record<string, unknown>;
  /** The cookies whose signature `cookieParser(secret)` checked: the value, or false when forged. */
  declare signedCookies?: Record<string, unknown>;
  /** The first secret given to `cookieParser(secret)`; `res.cookie(…, { signed: true })` signs with it. */
  declare secret?: string;
  /**
   * @internal What routing learnt for the 405 and OPTIONS answers: the methods of routes whose
   * path matched, or `'method matched'` once a route matched path and method (then it is a 404).
   */
  routeMethods: Set<string> | 'method matched' | undefined = undefined;
  /** The query string `#query` was parsed from (null: the URL had no `?`). */
  #querySource: string | null = null;
  #query: Query | undefined = undefined;

  /** The path of `req.url` (inside a mounted router, without the prefix), without the query. */
  get path(): string {
    return pathnameOf(this.url);
  }

  /**
   * The query parameters, parsed on first use by the app's `query parser` setting: Express 5's
   * 'simple' by default (a repeated key gives an array), 'extended' (qs: `a[b]=1` nests), the
   * app's function, or none (false: always empty).
   */
  get query(): Query {
    const url = this.url;
    const mark = url.indexOf('?');
    const search = mark === -1 ? null : url.slice(mark + 1);
    if (this.#query === undefined || search !== this.#querySource) {
      const parse = this.#httpSettings.queryParser;
      this.#query = (parse === undefined ? Object.create(null) : parse(search)) as Query;
      this.#querySource = search;
    }
    return this.#query;
  }

  get #httpSettings(): Readonly<HttpSettings> {
    return this.app?.httpSettings ?? DEFAULT_HTTP_SETTINGS;
  }

  /**
   * True when the client's cached copy is still good, as Express's `req.fresh`: a GET or HEAD
   * whose response is 2xx or 304, with an If-None-Match matching the response's ETag (weak
   * comparison, or `*`) or else an If-Modified-Since not before its Last-Modified; never with
   * `Cache-Control: no-cache`.
   */
  get fresh(): boolean {
    const method = this.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'QUERY') return false;
    const res = this.res;
    const status = res.statusCode;
    // RFC 9110 §13.2.1: only a response that would be 2xx (or already is 304) is subject to the preconditions.
    if ((status < 200 || status >= 300) && status !== 304) return false;
    return isFresh(
      this.headers,
      headerText(res.getHeader('ETag')),
      headerText(res.getHeader('Last-Modified')),
    );
  }

  /** The opposite of `fresh`. */
  get stale(): boolean {
    return !this.fresh;
  }

  /**
   * The parts of the host name before the app's domain, nearest first: for `tobi.ferrets.example.com`,
   * `['ferrets', 'tobi']`. The domain is the last `subdomain offset` parts (2 by default); an IP has none.
   */
  get subdomains(): string[] {
    const hostname = this.hostname;
    if (!hostname) return [];
    const parts = isIP(hostname) === 0 ? hostname.split('.').reverse() : [hostname];
    return parts.slice(this.#httpSettings.subdomainOffset);
  }

  /**
   * The Range header parsed for a representation of `size` bytes, as Express's `req.range()`:
   * the satisfiable ranges (with `type`, the unit), -1 when none is satisfiable, -2 when the
   * header is malformed, undefined without a Range header.
   */
  range(size: number, options?: RangeOptions): Ranges | RangeFailure | undefined {
    const header = this.headers.range;
    if (!header) return undefined;
    return parseRange(size, header, options);
  }

  /** A request header by name (any case); `referer` and `referrer` are the same. */
  override header(name: string): string | undefined {
    const lower = headerKey(name);
    if (lower === 'referer' || lower === 'referrer') return this.headers.referer ?? this.headers.referrer;
    return this.headers[lower];
  }

  /** Same as `header(name)`. */
  get(name: string): string | undefined {
    return this.header(name);
  }

  /**
   * The first of `types` the body's Content-Type matches (`'json'`, `'text/*'`, `'+json'`),
   * false when none does, null when the request has no body; as Express 5 (type-is).
   * `is()` gives the body's type; an array as the first argument stands for all of them.
   */
  is(types: readonly string[]): string | false | null;
  is(...types: string[]): string | false | null;
  is(...types: (string | readonly string[])[]): string | false | null {
    const first = types[0];
    const list = Array.isArray(first) ? (first as readonly string[]) : (types as string[]);
    return typeis()(this as unknown as IncomingMessage, [...list]);
  }

  /**
   * The best of the offered types (`'json'`, `'text/html'`) for the Accept header, the first
   * offer when there is none, or false; with no offers, the accepted types. As Express 5 (accepts).
   */
  accepts(): string[];
  accepts(types: readonly string[]): string | false;
  accepts(...types: string[]): string | false;
  accepts(...types: (string | readonly string[])[]): string | false | string[] {
    return negotiate(this, 'types', types);
  }

  /** The best of the offered encodings for Accept-Encoding (`identity` unless refused), or false; with no offers, the accepted ones. */
  acceptsEncodings(): string[];
  acceptsEncodings(encodings: readonly string[]): string | false;
  acceptsEncodings(...encodings: string[]): string | false;
  acceptsEncodings(...encodings: (string | readonly string[])[]): string | false | string[] {
    return negotiate(this, 'encodings', encodings);
  }

  /** The best of the offered charsets for Accept-Charset, or false; with no offers, the accepted ones. */
  acceptsCharsets(): string[];
  acceptsCharsets(charsets: readonly string[]): string | false;
  acceptsCharsets(...charsets: string[]): string | false;
  acceptsCharsets(...charsets: (string | readonly string[])[]): string | false | string[] {
    return negotiate(this, 'charsets', charsets);
  }

  /** The best of the offered languages for Accept-Language (`en` accepts `en-US`), or false; with no offers, the accepted ones. */
  acceptsLanguages(): string[];
  acceptsLanguages(languages: readonly string[]): string | false;
  acceptsLanguages(...languages: string[]): string | false;
  acceptsLanguages(...languages: (string | readonly string[])[]): string | false | string[] {
    return negotiate(this, 'languages', languages);
  }

  /** The 'trust proxy' function of the app the request is in (a mounted app's may be its parent's). */
  get #trust(): TrustFunction {
    return this.app?.trustFunction ?? trustNone;
  }

  /** True when the socket's peer is a trusted proxy, so its X-Forwarded-Host/-Proto count. */
  get #peerTrusted(): boolean {
    return this.#trust(this.socket.remoteAddress as string, 0);
  }

  /** The client address: the socket's peer, or the X-Forwarded-For entry beyond the last trusted proxy. */
  get ip(): string | undefined {
    const addresses = forwardedAddresses(this, this.#trust);
    return addresses[addresses.length - 1];
  }

  /** The X-Forwarded-For addresses up to the first untrusted proxy, client first; empty when the peer is not trusted. */
  get ips(): string[] {
    const addresses = forwardedAddresses(this, this.#trust);
    // As Express: farthest first, without the socket's own peer.
    addresses.reverse().pop();
    return addresses;
  }

  /** The Host header with its port, or X-Forwarded-Host (its first value) when the peer is trusted. */
  get host(): string | undefined {
    let value = this.headers['x-forwarded-host'];
    if (!value || !this.#peerTrusted) value = this.headers.host;
    else if (value.includes(',')) value = value.slice(0, value.indexOf(',')).trimEnd();
    return value || undefined;
  }

  /** The host name, without the port (`[::1]` keeps its brackets). */
  get hostname(): string | undefined {
    const host = this.host;
    if (!host) return undefined;
    // An IPv6 literal: its colons are not the port's.
    const from = host.charCodeAt(0) === 91 /* [ */ ? host.indexOf(']') + 1 : 0;
    const colon = host.indexOf(':', from);
    return colon === -1 ? host : host.slice(0, colon);
  }

  /** `'http'` (`'https'` on TLS), or the first X-Forwarded-Proto value when the peer is trusted. */
  get protocol(): string {
    const own = (this.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    if (!this.#peerTrusted) return own;
    // As Express: taken as sent, so `HTTPS` is not `https` (and req.secure stays false).
    const header = this.headers['x-forwarded-proto'] || own;
    const comma = header.indexOf(',');
    return (comma === -1 ? header : header.slice(0, comma)).trim();
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
