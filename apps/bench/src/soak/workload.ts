/** What the soak's clients send and what its server answers, in one place for both processes. */

/** The server's clocks: short, so that it cuts the hostile clients within seconds. */
export const SOAK_LIMITS = {
  headersTimeout: 2000,
  requestTimeout: 5000,
  keepAliveTimeout: 2000,
  sendTimeout: 3000,
  lingeringTimeout: 1000,
} as const;

/** Bytes of the body every GET is answered with. */
export const GET_BODY_SIZE = 64 * 1024;

/** The Content-Length an upload announces: 50 MiB, which it sends as fast as the socket takes it. */
export const UPLOAD_SIZE = 50 * 1024 * 1024;
