import { mimeTypes } from './mime.js';

const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
const QUOTED = /^"(.*)"$/;

/** `type/subtype` of a Content-Type value, lower-case and without parameters; undefined when it is not one. */
export function mediaTypeOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const semicolon = value.indexOf(';');
  const type = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : undefined;
}

/** A parameter (e.g. `charset`) of a Content-Type value, lower-case; undefined when absent. */
export function mediaTypeParameter(value: string, name: string): string | undefined {
  for (const part of value.split(';').slice(1)) {
    const equals = part.indexOf('=');
    if (equals === -1 || part.slice(0, equals).trim().toLowerCase() !== name) continue;
    return part
      .slice(equals + 1)
      .trim()
      .replace(QUOTED, '$1')
      .toLowerCase();
  }
  return undefined;
}

/** Short names Express accepts in `req.is()` and body parser `type` options. */
const SHORT_NAMES: Record<string, string> = {
  urlencoded: 'application/x-www-form-urlencoded',
  multipart: 'multipart/*',
};

/** The media type a `type` argument stands for: `json` → `application/json`, `+json` → `*\/*+json`. */
export function normalizeType(type: string): string | undefined {
  const lower = type.toLowerCase();
  const short = SHORT_NAMES[lower];
  if (short !== undefined) return short;
  if (lower.startsWith('+')) return `*/*${lower}`;
  if (lower.includes('/')) return lower;
  return mimeTypes().lookup(lower) || undefined;
}

/** True when a media type matches a pattern with `*` wildcards (`text/*`, `*\/*+json`). */
export function typeMatches(pattern: string, actual: string): boolean {
  const [patternType, patternSubtype = ''] = pattern.split('/');
  const [actualType, actualSubtype = ''] = actual.split('/');
  if (patternType !== '*' && patternType !== actualType) return false;
  if (patternSubtype.startsWith('*+')) return actualSubtype.endsWith(patternSubtype.slice(1));
  return patternSubtype === '*' || patternSubtype === actualSubtype;
}

/**
 * The first of `types` that the Content-Type value matches, as given (or the actual type
 * for a wildcard argument); false when none does, as Express's `req.is()`.
 */
export function matchType(contentType: string | undefined, types: readonly string[]): string | false {
  const actual = mediaTypeOf(contentType);
  if (actual === undefined) return false;
  if (types.length === 0) return actual;
  for (const type of types) {
    const pattern = normalizeType(type);
    if (pattern !== undefined && typeMatches(pattern, actual)) {
      return type.startsWith('+') || type.includes('*') ? actual : type;
    }
  }
  return false;
}
