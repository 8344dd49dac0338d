let cached = '';
let expiry = 0;

/**
 * The current time as an IMF-fixdate (RFC 9110 §5.6.7), for the Date header. RFC 9110
 * §6.6.1 needs only second precision, so the string is made at most once a second.
 */
export function httpDate(now: number = Date.now()): string {
  if (now >= expiry) {
    cached = new Date(now).toUTCString();
    expiry = now - (now % 1000) + 1000;
  }
  return cached;
}
