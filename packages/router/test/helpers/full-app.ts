// Side-by-side scenarios that need more of the app than `AppLike` (set, param, route, sub-apps).

import skiff from '@skiff/router';
import express, { type Express } from 'express';
import type { AppLike } from '../middleware/side-by-side.js';

/** The app of a scenario with Express's whole API: Skiff's must take the same calls. */
export function full(app: AppLike): Express {
  return app as unknown as Express;
}

/** A new app of the same framework as `app` (an Express app is a function, a Skiff app is not). */
export function sameKind(app: AppLike): Express {
  return (typeof app === 'function' ? express() : skiff()) as unknown as Express;
}

/** Replaces the port of `host:port` with `PORT`, so that two servers' answers compare. */
export function withoutPort(value: string | undefined): string | undefined {
  return value?.replace(/:\d+$/, ':PORT');
}
