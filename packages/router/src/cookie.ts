// Express 5 writes Set-Cookie with the `cookie` package (0.7) and signs with `cookie-signature`:
// using both gives the same bytes (attribute order, validation errors, signatures). Only
// res.cookie() and cookieParser() load them into use; routing and send() never do.
import type * as Cookie from 'cookie';
import type { CookieSerializeOptions } from 'cookie';
import type * as CookieSignature from 'cookie-signature';
import { lazyRequire } from './lazy-require.js';

// cookie-signature loads node:crypto: only an app that signs cookies needs it.
const signature = lazyRequire<typeof CookieSignature>('cookie-signature');
const cookie = lazyRequire<typeof Cookie>('cookie');

/** Options of `res.cookie()` and `res.clearCookie()`, as Express 5's. */
export interface CookieOptions {
  /** Lifetime in milliseconds: sets Max-Age (in seconds) and Expires, as Express. */
  maxAge?: number;
  /** The date the cookie expires; `maxAge` wins when both are given. */
  expires?: Date;
  /** Default `/`; `''` leaves the attribute out. */
  path?: string;
  domain?: string;
  httpOnly?: boolean;
  secure?: boolean;
  /** `true` is `Strict`. */
  sameSite?: boolean | 'lax' | 'strict' | 'none';
  /** Chrome's `Priority` attribute. */
  priority?: 'low' | 'medium' | 'high';
  /** CHIPS: the cookie is kept per top-level site. */
  partitioned?: boolean;
  /** Encodes the value; default encodeURIComponent. */
  encode?: (value: string) => string;
  /** Signs the value with `req.secret` (set by `cookieParser(secret)`), as `s:value.signature`. */
  signed?: boolean;
}

/**
 * The Set-Cookie value `res.cookie(name, value, options)` appends, exactly as Express 5's:
 * objects (null too) are `j:` + JSON, the rest `String(value)`; `signed` needs a secret.
 */
export function setCookieValue(
  name: string,
  value: unknown,
  options: CookieOptions | undefined,
  secret: string | undefined,
): string {
  const settings: CookieSerializeOptions & { signed?: boolean } = { ...options };
  if (settings.signed && !secret) {
    // Express's words, which apps and tests match on; they name the fix.
    throw new Error('cookieParser("secret") required for signed cookies');
  }
  let text = typeof value === 'object' ? `j:${JSON.stringify(value)}` : String(value);
  if (settings.signed && secret) text = `s:${signature().sign(text, secret)}`;
  if (settings.maxAge != null) {
    // As Express: a value that is not a number is left for `cookie` to refuse.
    const maxAge = Number(settings.maxAge);
    if (!Number.isNaN(maxAge)) {
      settings.expires = new Date(Date.now() + maxAge);
      settings.maxAge = Math.floor(maxAge / 1000);
    }
  }
  if (settings.path == null) settings.path = '/';
  return cookie().serialize(name, text, settings);
}

/** The options `res.clearCookie()` sets with: Expires in 1970, no Max-Age (Express 5 ignores both given). */
export function clearCookieOptions(options: CookieOptions | undefined): CookieOptions {
  const { maxAge: _maxAge, ...rest } = { path: '/', ...options, expires: new Date(1) };
  return rest;
}
