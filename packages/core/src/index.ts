// The public types extend node:net and node:stream classes: load Node's types for consumers
// whose program would not include them (pnpm, `types: []`); @types/node is a dependency.
/// <reference types="node" preserve="true" />

export { ClientError, type ClientErrorCode, ClientErrorStatus } from './client-error.js';
export { type ClusterOptions, type ClusterPrimary, runCluster } from './cluster.js';
export { httpDate } from './date-cache.js';
export { headerKey } from './header-key.js';
export { InvalidHeaderError, isFieldValue, isToken } from './header-validation.js';
export { HttpError, type HttpErrorOptions } from './http-error.js';
export {
  DEFAULT_INJECT_TIMEOUT,
  type InjectBody,
  InjectError,
  type InjectErrorCode,
  type InjectOptions,
  type InjectRequest,
  type InjectResponse,
  type RawRequest,
} from './inject.js';
export { defaultLimits, type Limits, resolveLimits } from './limits.js';
export { ParseError, type ParseErrorCode, ParseErrorStatus } from './parser/errors.js';
export type { BodyFraming, RequestHead } from './parser/types.js';
export { Request } from './request.js';
export { type HeaderValue, Response } from './response.js';
export { clientLeft, createServer, type Handler, Server, type ServerOptions } from './server.js';
export { STATUS_CODES, statusText } from './status-codes.js';
export type { TlsOptions } from './tls.js';
