import type { AppRequest, AppResponse } from '@skiff/router';

/** `GET /`: 200 with an empty body. */
export function root(_req: AppRequest, res: AppResponse): void {
  res.end();
}
