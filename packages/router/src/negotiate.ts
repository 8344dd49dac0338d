import { normalizeType, typeMatches } from './media-type.js';

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

/** Media types (or extensions like `json`) the client accepts, best first; every offer when there is no Accept. */
export function acceptedTypes(header: string | undefined, offers: readonly string[]): string[] {
  if (header === undefined || header.trim() === '') return [...offers];
  const preferences = parsePreferences(header);
  const ranked: Ranked<string>[] = [];
  offers.forEach((offer, index) => {
    const type = normalizeType(offer);
    if (type === undefined) return;
    let match: Ranked<string> | undefined;
    for (const preference of preferences) {
      if (!typeMatches(preference.value, type)) continue;
      const specificity =
        preference.value === type ? 2 : preference.value.endsWith('/*') && preference.value !== '*/*' ? 1 : 0;
      if (match === undefined || specificity > match.specificity) {
        match = { offer, q: preference.q, specificity, order: preference.order, index };
      }
    }
    if (match) ranked.push(match);
  });
  return best(ranked).map((entry) => entry.offer);
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

/**
 * What the client accepts, best first, as it wrote the values (Express's `acceptsLanguages()`
 * and friends with no offers). A missing header is `absent`; `implicit` (identity, for
 * encodings) is added below everything named unless the client named it or `*`.
 */
export function acceptedValues(header: string | undefined, absent: string, implicit?: string): string[] {
  const preferences = parsePreferences(header ?? absent);
  if (implicit !== undefined && !preferences.some((p) => p.value === implicit || p.value === '*')) {
    const lowest = preferences.reduce((min, preference) => Math.min(min, preference.q || 1), 1);
    preferences.push({ value: implicit, original: implicit, q: lowest, order: preferences.length });
  }
  return preferences
    .filter((preference) => preference.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
    .map((preference) => preference.original);
}
