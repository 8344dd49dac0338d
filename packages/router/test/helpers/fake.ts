import type { AppRequest, AppResponse } from '@skiff/router';

/** An in-memory request with what dispatch reads and writes, for unit tests without sockets. */
export function fakeRequest(method: string, url: string): AppRequest {
  return {
    method,
    url,
    originalUrl: url,
    baseUrl: '',
    params: {},
    headers: {},
    next: undefined,
  } as unknown as AppRequest;
}

/** An in-memory response that records what was sent. */
export function fakeResponse(): AppResponse & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    sent,
    headersSent: false,
    writableEnded: false,
    responding: false,
    send(body: unknown) {
      sent.push(body);
      return this;
    },
  } as unknown as AppResponse & { sent: unknown[] };
}
