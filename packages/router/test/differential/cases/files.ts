// Files: res.sendFile and res.download, with GET and HEAD.

import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import type { AppCase, RequestSpec } from '../types.js';

const publicDir = fileURLToPath(new URL('../../fixtures/public', import.meta.url));
const hello = `${publicDir}/hello.txt`;

type Handler = (req: Request, res: Response) => void;

/** Errors as JSON (status and code), so the frameworks' own error pages stay out of the way. */
function errorJson(error: unknown, res: Response): void {
  const fields = (error ?? {}) as { status?: unknown; statusCode?: unknown; code?: unknown };
  const status = typeof fields.status === 'number' ? fields.status : 500;
  res.status(status).json({ status, code: fields.code ?? null });
}

const routes: Record<string, Handler> = {
  '/file': (_req, res) => res.sendFile(hello),
  '/file-root': (_req, res) => res.sendFile('hello.txt', { root: publicDir }),
  '/file-html': (_req, res) => res.sendFile('sub/page.html', { root: publicDir }),
  '/file-headers': (_req, res) =>
    res.sendFile('hello.txt', {
      root: publicDir,
      headers: { 'X-File': 'yes' },
      maxAge: 60_000,
      lastModified: false,
    }),
  '/file-missing': (_req, res) =>
    res.sendFile('missing.txt', { root: publicDir }, (error) => errorJson(error, res)),
  '/file-dir': (_req, res) => res.sendFile('sub', { root: publicDir }, (error) => errorJson(error, res)),
  '/file-dotfile': (_req, res) => res.sendFile('.env', { root: publicDir }, (error) => errorJson(error, res)),
  '/file-dotfile-allow': (_req, res) => res.sendFile('.env', { root: publicDir, dotfiles: 'allow' }),
  '/file-up': (_req, res) =>
    res.sendFile('../secret.txt', { root: publicDir }, (error) => errorJson(error, res)),
  '/file-type-set': (_req, res) => {
    res.type('text/markdown');
    res.sendFile(hello);
  },
  '/download': (_req, res) => res.download(hello),
  '/download-name': (_req, res) => res.download(hello, 'report final.txt'),
  '/download-unicode': (_req, res) => res.download(hello, 'naïve.txt'),
  '/download-headers': (_req, res) =>
    res.download(hello, 'named.txt', { headers: { 'X-Extra': '1', 'content-disposition': 'inline' } }),
  '/download-missing': (_req, res) => res.download(`${publicDir}/none.txt`, (error) => errorJson(error, res)),
};

/** File cases. */
export const fileCases: AppCase[] = [
  {
    name: 'res.sendFile and res.download',
    build(app) {
      for (const [path, handler] of Object.entries(routes)) app.get(path, handler);
    },
    requests: Object.keys(routes).flatMap((path): RequestSpec[] => [`GET ${path}`, `HEAD ${path}`]),
  },
];
