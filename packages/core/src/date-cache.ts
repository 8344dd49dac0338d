let cached = '';
let timer: NodeJS.Timeout | undefined;

function refresh(): void {
  cached = new Date().toUTCString();
}

/**
 * The current time as an IMF-fixdate (RFC 9110 §5.6.7), for the Date header. RFC 9110
 * §6.6.1 needs only second precision, so the string is made once a second by one
 * unref'd timer (as node:http does), and a response pays for no clock read.
 */
export function httpDate(): string {
  if (timer === undefined) {
    refresh();
    // Aligned to the next second, so the header changes when the second does.
    timer = setTimeout(
      function tick() {
        refresh();
        timer = setTimeout(tick, 1000 - (Date.now() % 1000));
        timer.unref();
      },
      1000 - (Date.now() % 1000),
    );
    timer.unref();
  }
  return cached;
}
