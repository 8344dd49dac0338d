import type { IncomingMessage } from 'node:http';
import type Accepts from 'accepts';
import { lazyRequire } from './lazy-require.js';
import { mimeTypes } from './mime.js';

// accepts (with negotiator) is loaded by the first negotiation, not by every app.
const accepts = lazyRequire<typeof Accepts>('accepts');

/** Which Accept header `negotiate()` reads: Accept, Accept-Encoding, Accept-Charset, Accept-Language. */
export type NegotiationKind = 'types' | 'encodings' | 'charsets' | 'languages';

type Negotiation = (this: unknown, ...offers: unknown[]) => string | false | string[];

/**
 * Express 5's `req.accepts*()` answer: the `accepts` package (negotiator, mime-types) with the
 * arguments as given, so q-values, wildcards, specificity and ties, invalid entries and
 * extensions come out as Express's. It runs only when an app negotiates (req.accepts*,
 * res.format, res.redirect), never on routing or send().
 */
export function negotiate(
  req: { readonly headers: Record<string, string> },
  kind: NegotiationKind,
  offers: readonly unknown[],
): string | false | string[] {
  const negotiator = accepts()(req as unknown as IncomingMessage);
  return (negotiator[kind] as Negotiation).call(negotiator, ...offers);
}

/**
 * The media type a `res.format()` key stands for, as Express's: a type without its
 * parameters, or an extension looked up (`json` → `application/json`), else `application/octet-stream`.
 */
export function formatKeyType(key: string): string {
  if (!key.includes('/')) return mimeTypes().lookup(key) || 'application/octet-stream';
  const semicolon = key.indexOf(';');
  return (semicolon === -1 ? key : key.slice(0, semicolon)).trim();
}

/** One entry of an Accept-style header. */
export interface Preference {
  /** Lower-case value without parameters, e.g. `text/html`, `gzip`, `en-us`. */
  value: string;
  /** The value as the client wrote it. */
  original: string;
  /** Quality, 0 to 1. */
  q: number;
  /** Position in the header, for ties. */
  order: number;
}

/** Parses an Accept, Accept-Encoding, Accept-Charset or Accept-Language value; invalid q-values count as 1. */
export function parsePreferences(header: string): Preference[] {
  const preferences: Preference[] = [];
  let order = 0;
  for (const part of header.split(',')) {
    const [head = '', ...params] = part.split(';');
    const original = head.trim();
    const value = original.toLowerCase();
    if (value === '') continue;
    let q = 1;
    for (const param of params) {
      const [name = '', raw = ''] = param.split('=');
      if (name.trim().toLowerCase() !== 'q') continue;
      const parsed = Number(raw.trim());
      if (raw.trim() !== '' && parsed >= 0 && parsed <= 1) q = parsed;
    }
    preferences.push({ value, original, q, order: order++ });
  }
  return preferences;
}

interface Ranked<T> {
  offer: T;
  q: number;
  specificity: number;
  order: number;
  index: number;
}

/**
 * Sorts ranked offers by quality; at equal quality by the specificity of the match and the
 * client's order, or (`serverOrder`) by the order of the offers.
 */
function best<T>(ranked: Ranked<T>[], serverOrder = false): Ranked<T>[] {
  return ranked
    .filter((entry) => entry.q > 0)
    .sort((a, b) =>
      serverOrder
        ? b.q - a.q || a.index - b.index
        : b.q - a.q || b.specificity - a.specificity || a.order - b.order || a.index - b.index,
    );
}

/**
 * Simple tokens (encodings, charsets, languages) the client accepts, best first. `*`
 * stands for any token not named; `implicit` (like `identity` for encodings) is acceptable
 * when not refused, below everything named. `prefix` lets `en` match `en-us` (languages).
 */
export function acceptedTokens(
  header: string | undefined,
  offers: readonly string[],
  options: { implicit?: string; prefix?: boolean; absentMeansAny: boolean; serverOrder?: boolean },
): string[] {
  if (header === undefined)
    return options.absentMeansAny ? [...offers] : offers.filter((offer) => offer === options.implicit);
  const preferences = parsePreferences(header);
  const lowest = preferences.reduce((min, preference) => Math.min(min, preference.q || 1), 1);
  const ranked: Ranked<string>[] = [];
  offers.forEach((offer, index) => {
    const token = offer.toLowerCase();
    let match: Ranked<string> | undefined;
    for (const preference of preferences) {
      // As negotiator: for languages, `fr-CA` accepts the offer `fr` (specificity 2) and `en` accepts
      // `en-GB` (1); an exact match (4) beats both, and `*` (0) comes last.
      const exact = preference.value === token;
      const narrower = options.prefix === true && preference.value.startsWith(`${token}-`);
      const broader = options.prefix === true && token.startsWith(`${preference.value}-`);
      const any = preference.value === '*';
      if (!exact && !narrower && !broader && !any) continue;
      const specificity = exact ? 4 : narrower ? 2 : broader ? 1 : 0;
      if (match === undefined || specificity > match.specificity) {
        match = { offer, q: preference.q, specificity, order: preference.order, index };
      }
    }
    if (match === undefined && token === options.implicit) {
      match = { offer, q: lowest, specificity: -1, order: preferences.length, index };
    }
    if (match) ranked.push(match);
  });
  return best(ranked, options.serverOrder).map((entry) => entry.offer);
}
