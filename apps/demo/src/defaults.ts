/** The demo's settings when nothing overrides them: one home for every number. */
export const demoDefaults = Object.freeze({
  /** As the challenge's own starter: reachable from this machine only, not from the network. */
  host: 'localhost',
  port: 4221,
  /** Largest body `POST /files/:name` stores; larger: 413. */
  maxUpload: 10 * 1024 * 1024,
  /** After the first Ctrl-C or SIGTERM, how long requests in flight may take (ms) before their connections are cut. */
  shutdownTimeout: 5_000,
});
