/**
 * The lower-case key of each header name an app sets or reads, worked out once per name.
 * Apps use a handful of names, mostly string literals: a lookup returns the same key string
 * every time, so the response's header map finds it without lower-casing a new string (and
 * hashing it) on every call.
 */
const KEYS = new Map<string, string>();

/** Names remembered at most: an app that makes names of its own keeps working, without the memo. */
const MAX_KEYS = 512;

/** `name.toLowerCase()`, memoised. */
export function headerKey(name: string): string {
  const known = KEYS.get(name);
  if (known !== undefined) return known;
  const key = name.toLowerCase();
  if (KEYS.size < MAX_KEYS) KEYS.set(name, key);
  return key;
}
