// The shapes of the differential suite's data: apps, their raw requests, and the differences
// from Express 5 that are known, each with its reason.

import type express from 'express';
import type { Express } from 'express';

/** The framework's own Router and body parsers, so one build function fits both apps. */
export interface Kit {
  /** A new app of the same framework, to mount as a sub-app. */
  readonly app: () => Express;
  readonly Router: typeof express.Router;
  readonly json: typeof express.json;
  readonly urlencoded: typeof express.urlencoded;
  readonly text: typeof express.text;
  readonly raw: typeof express.raw;
}

/**
 * One request. `line` (`GET /x`) with `headers` and `body` becomes HTTP/1.1 bytes with
 * `Host: example.test` first (unless given) and a Content-Length for a body (unless given;
 * a chunked body is written out in `body`);
 * `raw` is sent exactly as written, for requests no well-behaved client would make.
 */
export type RequestSpec =
  | string
  | {
      /** How the request is named in a diff and in the known differences; defaults to `line`. */
      readonly name?: string;
      readonly line: string;
      readonly headers?: Readonly<Record<string, string>>;
      /** A string is sent as UTF-8. */
      readonly body?: string | Uint8Array;
    }
  | { readonly name: string; readonly method: string; readonly raw: string };

/** A small app, written once against Express's types, and the requests sent to it. */
export interface AppCase {
  /** Unique; the known differences refer to it. */
  readonly name: string;
  readonly build: (app: Express, kit: Kit) => void;
  readonly requests: readonly RequestSpec[];
}

/** A part of a response that is compared: `header:<lower-case name>` for one header field. */
export type Aspect = 'status' | 'reason' | 'body' | 'problem' | `header:${string}`;

interface DifferenceBase {
  /** The app's name. */
  readonly app: string;
  /** The requests concerned (by name), or every request of the app. */
  readonly requests: readonly string[] | 'all';
  /** What differs. Each must still differ on at least one of the requests, or the entry is stale. */
  readonly differs: readonly Aspect[];
  /** Express's answer and Skiff's, in a few words. */
  readonly note: string;
}

/** A difference the router README's table "Express 5 and Skiff" states as a choice. */
export interface DeliberateDifference extends DifferenceBase {
  readonly kind: 'deliberate';
  /** Text of the first cell of the README row that states it. */
  readonly readme: string;
}

/** A difference in an area being implemented now: the entry goes when the feature lands. */
export interface PendingDifference extends DifferenceBase {
  readonly kind: 'pending';
}

/** A known difference between Express 5 and Skiff on the same request. */
export type KnownDifference = DeliberateDifference | PendingDifference;
