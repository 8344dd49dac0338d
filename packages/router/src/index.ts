// The public types extend node:net and node:stream classes: load Node's types for consumers
// whose program would not include them (pnpm, `types: []`); @types/node is a dependency.
/// <reference types="node" preserve="true" />

import { App, type AppOptions } from './app.js';
import { json, raw, text, urlencoded } from './middleware/body.js';
import { compress } from './middleware/compress.js';
import { cookieParser } from './middleware/cookie-parser.js';
import { serveStatic } from './middleware/static.js';
import { Router as RouterClass, type RouterFactory, type RouterOptions } from './router.js';

export {
  type ClusterOptions,
  type ClusterPrimary,
  HttpError,
  type HttpErrorOptions,
  runCluster,
} from '@skiff/core';
export { App, type AppOptions } from './app.js';
export type { AppSettings } from './app-settings.js';
export type { CookieOptions } from './cookie.js';
export type { EtagFunction } from './etag.js';
export type { HandlerArg } from './handlers.js';
export type { JsonReplacer, QueryParserFunction } from './http-settings.js';
export type { LayerMatch } from './layer.js';
export {
  type BodyParserOptions,
  type JsonOptions,
  json,
  raw,
  type TextOptions,
  text,
  type UrlencodedOptions,
  urlencoded,
} from './middleware/body.js';
export { type Coding, type CompressOptions, compress, isCompressible } from './middleware/compress.js';
export {
  type CookieParserOptions,
  cookieParser,
  jsonCookie,
  signedCookie,
} from './middleware/cookie-parser.js';
export { type StaticOptions, serveStatic, serveStatic as static } from './middleware/static.js';
export type { NextFunction } from './next.js';
export type { ParamHandler } from './param.js';
export type { Params, ParamsOf } from './params.js';
export type { RoutePath } from './paths.js';
export type { ByteRange, RangeFailure, RangeOptions, Ranges } from './range.js';
export { AppRequest, AppRequest as Request } from './request.js';
export { AppResponse, AppResponse as Response, type SendFileCallback } from './response.js';
export { Route, type RouteMethod } from './route.js';
export type { Mountable, PathMethod, RouterOptions, UseMethod } from './router.js';
export type { SendFileOptions } from './send-file.js';
export type { TrustFunction, TrustProxy } from './trust-proxy.js';
export type { ErrorHandler, RequestHandler } from './types.js';
export type { Query } from './url.js';
export {
  type Engine,
  type RenderCallback,
  View,
  type ViewClass,
  type ViewLike,
  type ViewOptions,
} from './views.js';

/** Makes an app: a Skiff server with routing, middleware and Express's req/res helpers. */
export function skiff(options?: AppOptions): App {
  return new App(options);
}

/** Makes a Router, with or without `new`, as `express.Router()`. */
export const Router = function Router(options?: RouterOptions): RouterClass {
  return new RouterClass(options);
} as unknown as RouterFactory;
Object.defineProperty(Router, 'prototype', { value: RouterClass.prototype });

// As on `express`, so that `express.json()` ports as `skiff.json()`.
skiff.Router = Router;
skiff.json = json;
skiff.text = text;
skiff.raw = raw;
skiff.urlencoded = urlencoded;
skiff.compress = compress;
skiff.cookieParser = cookieParser;
skiff.static = serveStatic;

/** A Router: a stack of middleware and routes to mount with `app.use(prefix, router)`. */
export type Router = RouterClass;

export default skiff;
