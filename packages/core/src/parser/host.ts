import { isHexDigit } from './chars.js';

/** 1 for characters of a reg-name (RFC 3986 §3.2.2: unreserved, sub-delims; "%" is checked apart). */
const REG_NAME = new Uint8Array(128);
for (const char of "-._~!$&'()*+,;=") REG_NAME[char.charCodeAt(0)] = 1;
for (let code = 0x30; code <= 0x39; code++) REG_NAME[code] = 1;
for (let code = 0x41; code <= 0x5a; code++) REG_NAME[code] = 1;
for (let code = 0x61; code <= 0x7a; code++) REG_NAME[code] = 1;

/** 1 for characters inside an IP-literal's brackets: hex digits, ":", and "." for an embedded IPv4 address. */
const IP_LITERAL = new Uint8Array(128);
for (const char of '0123456789abcdefABCDEF:.') IP_LITERAL[char.charCodeAt(0)] = 1;

/**
 * True when a Host value is `uri-host [ ":" port ]` (RFC 9110 §7.2, RFC 3986 §3.2.2).
 * The host must not be empty: every target this server accepts names a host.
 */
export function isValidHost(value: string): boolean {
  return authorityEnd(value) !== -1;
}

/** True when a CONNECT target is authority-form, `uri-host ":" port` with a non-empty port (RFC 9112 §3.2.3). */
export function isAuthorityForm(target: string): boolean {
  const colon = authorityEnd(target);
  return colon !== -1 && colon < target.length - 1;
}

/**
 * Checks `uri-host [ ":" *DIGIT ]` and returns the index of the port's colon (the length when
 * there is no port), or -1 when the text is not an authority without userinfo.
 */
function authorityEnd(text: string): number {
  const end = text.length;
  let index = 0;
  if (text.charCodeAt(0) === 0x5b) {
    // IP-literal: "[" IPv6address "]" (IPvFuture has never been assigned); the exact address is the resolver's business.
    index = 1;
    while (index < end && IP_LITERAL[text.charCodeAt(index)] === 1) index++;
    if (index === 1 || text.charCodeAt(index) !== 0x5d) return -1;
    index++;
  } else {
    while (index < end) {
      const code = text.charCodeAt(index);
      if (code === 0x25) {
        if (!isHexDigit(text.charCodeAt(index + 1)) || !isHexDigit(text.charCodeAt(index + 2))) return -1;
        index += 3;
      } else if (code < 128 && REG_NAME[code] === 1) {
        index++;
      } else {
        break;
      }
    }
    if (index === 0) return -1;
  }
  if (index === end) return end;
  if (text.charCodeAt(index) !== 0x3a) return -1;
  const colon = index;
  for (index++; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return -1;
  }
  return colon;
}
