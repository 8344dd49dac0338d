import type { AppRequest, AppResponse } from '@skiff/router';

/** `GET /user-agent`: the User-Agent header back, as text/plain exactly. */
export function userAgent(req: AppRequest, res: AppResponse): void {
  res.type('text/plain').send(req.get('user-agent') ?? '');
}
