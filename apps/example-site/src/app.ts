import { fileURLToPath } from 'node:url';
import { type App, compress, type RequestHandler, skiff } from '@skiff/router';
import type { WebSocketServer } from 'ws';
import { attachChat, closeChat } from './chat.js';
import { staticFiles } from './static-files.js';

/** The folder of the site's files: `public/` beside `src/` and `dist/`, so both find it. */
export const defaultPublicDir = fileURLToPath(new URL('../public', import.meta.url));

/** What `buildSite` can be given; everything has a default. */
export interface SiteOptions {
  /** The folder served at `/` (default: the app's `public/`). It must hold `404.html`. */
  publicDir?: string;
  /** `Cache-Control` max-age for the files, in ms (default 0: browsers revalidate with the ETag). */
  maxAge?: number;
}

/** The site: the app to listen on, the WebSocket server behind it, and one close for both. */
export interface Site {
  /** The HTTP app; `listen()` on it. */
  readonly app: App;
  /** The WebSocket server behind `/ws`. */
  readonly wss: WebSocketServer;
  /** Closes the chat's sockets, then the app (letting requests in flight finish); harmless when done already. */
  close(): Promise<void>;
}

/** The 404 page, for any GET nothing else answered. */
function notFoundPage(root: string): RequestHandler {
  return (_req, res) => res.status(404).sendFile('404.html', { root });
}

/** Builds the site, not listening yet (tests listen on port 0). */
export function buildSite({ publicDir = defaultPublicDir, maxAge = 0 }: SiteOptions = {}): Site {
  const app = skiff();
  // Before the files, so that it wraps their responses: HTML, CSS and JS are gzipped for a
  // client that asks; images and fonts are already compressed and pass through.
  app.use(compress());
  app.use(staticFiles(publicDir, maxAge));
  app.get('/*path', notFoundPage(publicDir));
  const wss = attachChat(app);
  return {
    app,
    wss,
    async close() {
      // Chat first: app.close() calls back only once every socket it accepted is gone,
      // upgraded ones included.
      await closeChat(wss);
      // Not listening (never started, or closed already): nothing more to close.
      if (!app.listening) return;
      await new Promise<void>((resolve, reject) => app.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
