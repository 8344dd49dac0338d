/** Options of `res.cookie()`. */
export interface CookieOptions {
  /** Lifetime in milliseconds (sets Max-Age and Expires), as Express. */
  maxAge?: number;
  expires?: Date;
  /** Default `/`. */
  path?: string;
  domain?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: boolean | 'lax' | 'strict' | 'none';
  partitioned?: boolean;
  /** Encodes the value; default encodeURIComponent. */
  encode?: (value: string) => string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ATTRIBUTE_VALUE = /^[\u0021-\u003A\u003C-\u007E]*$/;

function checked(value: string, what: string): string {
  if (!ATTRIBUTE_VALUE.test(value))
    throw new TypeError(`Cookie ${what} ${JSON.stringify(value)} has characters a cookie cannot carry`);
  return value;
}

/** A Set-Cookie value (RFC 6265 §4.1). */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!TOKEN.test(name))
    throw new TypeError(
      `Cookie name ${JSON.stringify(name)} is not a valid token; use letters, digits and !#$%&'*+-.^_\`|~`,
    );
  const encoded = checked((options.encode ?? encodeURIComponent)(value), 'value');
  const parts = [`${name}=${encoded}`];
  if (options.maxAge !== undefined) {
    const seconds = Math.floor(options.maxAge / 1000);
    parts.push(`Max-Age=${seconds}`, `Expires=${new Date(Date.now() + options.maxAge).toUTCString()}`);
  } else if (options.expires !== undefined) {
    parts.push(`Expires=${options.expires.toUTCString()}`);
  }
  if (options.domain !== undefined) parts.push(`Domain=${checked(options.domain, 'domain')}`);
  parts.push(`Path=${checked(options.path ?? '/', 'path')}`);
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.partitioned) parts.push('Partitioned');
  if (options.sameSite !== undefined && options.sameSite !== false) {
    const sameSite =
      options.sameSite === true ? 'Strict' : options.sameSite[0]?.toUpperCase() + options.sameSite.slice(1);
    parts.push(`SameSite=${sameSite}`);
  }
  return parts.join('; ');
}
