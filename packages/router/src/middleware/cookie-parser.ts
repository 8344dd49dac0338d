// cookie-parser's behaviour without the package: the same `cookie` parse and `cookie-signature`
// check, so a request gives the same req.cookies and req.signedCookies on Express and Skiff.
import type * as Cookie from 'cookie';
import type * as CookieSignature from 'cookie-signature';
import { lazyRequire } from '../lazy-require.js';

// cookie-signature loads node:crypto: only a parser with a secret needs it.
const signature = lazyRequire<typeof CookieSignature>('cookie-signature');
const cookie = lazyRequire<typeof Cookie>('cookie');

import type { NextFunction } from '../next.js';
import type { AppRequest } from '../request.js';
import type { AppResponse } from '../response.js';

/** Options of `cookieParser()`: how a cookie's value is decoded (default decodeURIComponent, kept as is when invalid). */
export interface CookieParserOptions {
  decode?: (value: string) => string;
}

/** A cookie value that starts with `j:`, parsed as JSON; undefined for anything else or invalid JSON. */
export function jsonCookie(value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith('j:')) return undefined;
  try {
    return JSON.parse(value.slice(2));
  } catch {
    return undefined;
  }
}

/** Replaces, in place, each `j:` value that parses to a truthy JSON value (as cookie-parser). */
function parseJsonCookies(cookies: Record<string, unknown>): Record<string, unknown> {
  for (const name of Object.keys(cookies)) {
    const value = jsonCookie(cookies[name]);
    if (value) cookies[name] = value;
  }
  return cookies;
}

/**
 * A `s:` value checked against each secret in turn: the value without its signature, false
 * when no secret signed it; a value without `s:` is returned as is.
 */
export function signedCookie(
  value: unknown,
  secret: string | readonly string[] | undefined,
): string | false | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.startsWith('s:')) return value;
  for (const key of secretsOf(secret)) {
    const unsigned = signature().unsign(value.slice(2), key);
    if (unsigned !== false) return unsigned;
  }
  return false;
}

/** Moves the signed cookies out of `cookies` (forged ones too, as false) into a new record. */
function takeSignedCookies(
  cookies: Record<string, unknown>,
  secrets: readonly string[],
): Record<string, unknown> {
  const signed: Record<string, unknown> = Object.create(null);
  for (const name of Object.keys(cookies)) {
    const value = cookies[name];
    const checked = signedCookie(value, secrets);
    if (checked !== value) {
      signed[name] = checked;
      delete cookies[name];
    }
  }
  return signed;
}

function secretsOf(secret: string | readonly string[] | undefined): readonly string[] {
  if (!secret) return [];
  return typeof secret === 'string' ? [secret] : secret;
}

/**
 * Parses the Cookie header into `req.cookies` (`j:` values as JSON) and, with a secret (or
 * several, tried in order: rotate by putting the new one first), the `s:` cookies into
 * `req.signedCookies` (false when the signature does not match); sets `req.secret` to the
 * first secret, for `res.cookie(…, { signed: true })`. As the cookie-parser package.
 */
export function cookieParser(
  secret?: string | readonly string[],
  options?: CookieParserOptions,
): (req: AppRequest, res: AppResponse, next: NextFunction) => void {
  const secrets = secretsOf(secret);
  return function cookieParser(req, _res, next) {
    // As cookie-parser: a request already parsed (another parser ran first) is left alone.
    if (req.cookies) {
      next();
      return;
    }
    const header = req.headers.cookie;
    req.secret = secrets[0];
    req.cookies = Object.create(null) as Record<string, unknown>;
    req.signedCookies = Object.create(null) as Record<string, unknown>;
    if (!header) {
      next();
      return;
    }
    const cookies: Record<string, unknown> = cookie().parse(header, options);
    if (secrets.length !== 0) req.signedCookies = parseJsonCookies(takeSignedCookies(cookies, secrets));
    req.cookies = parseJsonCookies(cookies);
    next();
  };
}
