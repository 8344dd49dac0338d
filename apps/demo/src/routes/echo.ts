import type { AppRequest, AppResponse } from '@skiff/router';

/** `GET /echo/:str`: the string back, as text/plain exactly. */
export function echo(req: AppRequest<{ str: string }>, res: AppResponse): void {
  res.type('text/plain').send(req.params.str);
}
