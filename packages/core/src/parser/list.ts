import { isOws } from './chars.js';

/**
 * Calls `visit` with each non-empty element of a comma-separated field value, without the
 * OWS around it (RFC 9110 §5.6.1: empty elements are ignored).
 */
export function forEachListElement(value: string, visit: (element: string) => void): void {
  const end = value.length;
  let index = 0;
  while (index <= end) {
    let comma = value.indexOf(',', index);
    if (comma === -1) comma = end;
    let first = index;
    let last = comma;
    while (first < last && isOws(value.charCodeAt(first))) first++;
    while (last > first && isOws(value.charCodeAt(last - 1))) last--;
    if (last > first) visit(value.slice(first, last));
    index = comma + 1;
  }
}

/** True when a comma-separated field value lists `token` (compared case-insensitively; `token` in lower case). */
export function listIncludes(value: string, token: string): boolean {
  let found = false;
  forEachListElement(value, (element) => {
    if (!found && element.length === token.length && element.toLowerCase() === token) found = true;
  });
  return found;
}
