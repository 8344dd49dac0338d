/** Where the server listens. */
export interface ListenConfig {
  port: number;
  host: string;
}

/**
 * Reads `PORT` (default 3000) and `HOST` (default `localhost`, so the server is not reachable
 * from other machines until you say so, e.g. `HOST=0.0.0.0` in a container).
 */
export function readConfig(env: NodeJS.ProcessEnv): ListenConfig {
  // An empty PORT (`PORT= npm start`) means the default, not port 0.
  const text = env.PORT?.trim() || '3000';
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got ${JSON.stringify(env.PORT)}`);
  }
  return { port: Number(text), host: env.HOST?.trim() || 'localhost' };
}
