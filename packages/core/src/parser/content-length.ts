import { isOws } from './chars.js';
import type { ParseErrorCode } from './errors.js';

/**
 * Reads a Content-Length value (RFC 9110 §8.6, RFC 9112 §6.3 rule 5): `1*DIGIT`, or a
 * comma-separated list of such values that are all the same. Returns the length, or the
 * error code. Digits are read one by one because `Number()` and `parseInt()` accept signs,
 * hex, exponents and spaces that HTTP does not.
 */
export function parseContentLength(value: string): number | ParseErrorCode {
  let length = -1;
  let conflict = false;
  let index = 0;
  const end = value.length;
  for (;;) {
    // One list element: OWS 1*DIGIT OWS.
    while (index < end && isOws(value.charCodeAt(index))) index++;
    const digitsStart = index;
    let element = 0;
    for (; index < end; index++) {
      const digit = value.charCodeAt(index) - 0x30;
      if (digit < 0 || digit > 9) break;
      element = element * 10 + digit;
      // Beyond 2^53 the value would no longer be exact; rounding is monotonic, so this test still fires.
      if (element > Number.MAX_SAFE_INTEGER) return 'INVALID_CONTENT_LENGTH';
    }
    if (index === digitsStart) return 'INVALID_CONTENT_LENGTH';
    while (index < end && isOws(value.charCodeAt(index))) index++;
    if (length === -1) length = element;
    else if (element !== length) conflict = true;
    if (index === end) break;
    if (value.charCodeAt(index) !== 0x2c) return 'INVALID_CONTENT_LENGTH';
    index++;
  }
  // Every element is checked before a conflict is reported, so that `5, x` is invalid rather than conflicting.
  return conflict ? 'CONFLICTING_CONTENT_LENGTH' : length;
}
