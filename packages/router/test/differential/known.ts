// Every difference between Express 5 and Skiff that the differential suite sees, once each.
// `deliberate`: a choice stated in the router README's table. `pending`: a gap noted
// for later; the suite fails when the difference disappears, and
// the entry goes then.

import type { Aspect, KnownDifference } from './types.js';

/** What differs between Express's HTML error page and Skiff's text one. */
const ERROR_PAGE: readonly Aspect[] = [
  'body',
  'header:content-length',
  'header:content-security-policy',
  'header:content-type',
];

/** Express adds `; charset=utf-8` to the type of a string body or a set Content-Type; Skiff keeps the type as set. */
function charset(app: string, requests: readonly string[]): KnownDifference {
  return {
    app,
    requests,
    differs: ['header:content-type'],
    kind: 'deliberate',
    readme: "res.type('text/plain')",
    note: 'Express: `type; charset=utf-8`; Skiff: the type exactly as set',
  };
}

/** The final handler's answer to an error: Express's HTML page, Skiff's text. */
function errorPage(app: string, requests: readonly string[], differs = ERROR_PAGE): KnownDifference {
  return {
    app,
    requests,
    differs,
    kind: 'deliberate',
    readme: 'Error page',
    note: 'Express: HTML page with CSP; Skiff: text/plain, the message when err.expose',
  };
}

/** The known differences, by app. */
export const knownDifferences: readonly KnownDifference[] = [
  // Routing
  {
    app: 'params',
    requests: ['GET /users/1#frag'],
    differs: [
      'status',
      'reason',
      'body',
      'header:connection',
      'header:content-length',
      'header:content-type',
    ],
    kind: 'deliberate',
    readme: 'fragment',
    note: 'Express: routed, req.url keeps `#frag`; Skiff: 400 from the parser',
  },
  {
    app: 'default 404, 405 and OPTIONS',
    requests: [
      'GET /missing',
      'HEAD /missing',
      'POST /missing',
      'GET /missing?q=1',
      'GET /a%20b',
      'GET /%3Cscript%3E',
      'OPTIONS /missing',
    ],
    differs: ERROR_PAGE,
    kind: 'deliberate',
    readme: '404 body',
    note: 'Express: HTML page with CSP; Skiff: text/plain `Cannot GET /x`',
  },
  {
    app: 'default 404, 405 and OPTIONS',
    requests: ['DELETE /only-get', 'PUT /multi'],
    differs: ['status', 'reason', 'header:allow', ...ERROR_PAGE],
    kind: 'deliberate',
    readme: 'Path matches, method does not',
    note: 'Express: 404 page; Skiff: 405 with Allow',
  },
  {
    app: 'default 404, 405 and OPTIONS',
    requests: ['OPTIONS /only-get', 'OPTIONS /multi'],
    differs: [
      'status',
      'reason',
      'body',
      'header:content-length',
      'header:content-type',
      'header:x-content-type-options',
    ],
    kind: 'deliberate',
    readme: 'Automatic OPTIONS',
    note: 'Express: 200 `GET, HEAD` as text; Skiff: 204 with Allow',
  },
  {
    app: 'route() chains and all()',
    requests: ['DELETE /book', 'OPTIONS /book'],
    differs: ERROR_PAGE,
    kind: 'deliberate',
    readme: '404 body',
    note: 'Express: HTML 404 page; Skiff: text/plain',
  },
  {
    app: 'route() chains and all()',
    requests: ['GET /mwx'],
    differs: ERROR_PAGE,
    kind: 'deliberate',
    readme: '404 body',
    note: 'Express: HTML 404 page; Skiff: text/plain (a mount path matches whole segments only)',
  },

  // Mounting

  // Errors
  errorPage('errors to the final handler', [
    'GET /throw',
    'HEAD /throw',
    'GET /async',
    'GET /next',
    'GET /status/400',
    'GET /status/401',
    'GET /status/404',
    'GET /status/418',
    'GET /status/422',
    'GET /status/500',
    'GET /status/502',
    'GET /status/399',
    'GET /status-code-only',
    'GET /status-string',
    'GET /status-200',
    'GET /status-600',
    'GET /expose-5xx',
    'GET /unexposed-4xx',
    'GET /headers',
    'GET /headers-no-status',
    'GET /res-status',
    'GET /res-status-200',
    'GET /string',
    'GET /object',
    'GET /headers-kept',
    'GET /bad-status',
    'GET /reject-undefined',
  ]),
  {
    app: 'errors to the final handler',
    requests: ['GET /throw-null', 'GET /throw-undefined'],
    differs: ['status', 'reason', ...ERROR_PAGE],
    kind: 'deliberate',
    readme: 'A handler that throws `null` or `undefined`',
    note: 'Express: taken as next(), so a 404; Skiff: 500',
  },
  {
    app: 'errors to the final handler',
    requests: ['GET /headers-kept'],
    differs: ['header:content-disposition'],
    kind: 'deliberate',
    readme: 'Headers set before an error or 404',
    note: 'Express keeps Content-Disposition on the error page; Skiff drops it with the other body headers',
  },

  // Request helpers
  {
    app: 'req.is',
    requests: ['chunked'],
    differs: ['header:connection'],
    kind: 'deliberate',
    readme: 'A chunked request body the app did not read',
    note: 'Express (node:http) reads and discards it, and keeps the connection; Skiff answers `Connection: close`',
  },

  // Response helpers
  errorPage('res.send, json, status, end', ['GET /json-bigint', 'HEAD /json-bigint']),
  charset('res.send, json, status, end', [
    'GET /buffer-typed',
    'HEAD /buffer-typed',
    'GET /typed-string',
    'HEAD /typed-string',
    'GET /typed-unknown-ext',
    'HEAD /typed-unknown-ext',
    'GET /json-custom-type',
    'HEAD /json-custom-type',
    'GET /content-type-method',
    'HEAD /content-type-method',
    'GET /write-typed',
    'HEAD /write-typed',
  ]),
  {
    app: 'res.send, json, status, end',
    requests: [
      'HEAD /end-body',
      'HEAD /write-head',
      'HEAD /no-args',
      'HEAD /undefined',
      'HEAD /json-undefined',
    ],
    differs: ['header:content-length'],
    kind: 'deliberate',
    readme: 'Content-Length on a HEAD response',
    note: 'Express (node:http): only a Content-Length the app set; Skiff: the one GET would send',
  },
  charset('res headers: set, append, vary, links, location', [
    'GET /set-content-type',
    'HEAD /set-content-type',
  ]),
  charset('res.attachment', [
    'GET /attachment-name',
    'HEAD /attachment-name',
    'GET /attachment-no-ext',
    'HEAD /attachment-no-ext',
  ]),
  errorPage('res.format', [
    'GET /fmt accept image/png',
    'GET /fmt-strict accept text/html',
    'GET /fmt-strict accept text/plain',
    'GET /fmt-strict accept application/json',
    'GET /fmt-strict accept text/*',
    'GET /fmt-strict accept image/png',
  ]),
  charset('res.format', ['GET /fmt-strict accept */*', 'GET /fmt-strict accept none']),

  // Files
  charset('res.sendFile and res.download', ['GET /file-type-set', 'HEAD /file-type-set']),

  // Body parsers
  {
    app: 'json parser',
    requests: ['GET json with body'],
    differs: ['status', 'reason', 'header:allow', ...ERROR_PAGE],
    kind: 'deliberate',
    readme: 'Path matches, method does not',
    note: 'Express: 404 page; Skiff: 405 with Allow',
  },
  {
    app: 'text and raw parsers',
    requests: ['/raw bad length'],
    differs: ['body', 'header:content-length', 'header:content-type'],
    kind: 'deliberate',
    readme: 'Malformed request',
    note: 'Express (node:http): bare 400; Skiff: 400 with the reason as text',
  },

  // Proxies

  // Request-targets
  errorPage('request-targets', [
    'GET /p/%zz',
    'GET /p/%',
    'GET /p/%E0%A4%A',
    'GET /p/%C3%28',
    'GET /s/a/%zz/b',
  ]),
  {
    app: 'request-targets',
    requests: ['absolute-form', 'absolute-form other host', 'absolute-form https'],
    differs: ['body', 'header:content-length'],
    kind: 'deliberate',
    readme: 'Absolute-form',
    note: "Express: req.url is the whole URL, hostname from Host; Skiff: req.url is the path, hostname from the target's authority",
  },
  {
    app: 'request-targets',
    requests: ['no Host', 'space in target', 'non-ASCII target'],
    differs: ['body', 'header:content-length', 'header:content-type'],
    kind: 'deliberate',
    readme: 'Malformed request',
    note: 'Express (node:http): bare 400; Skiff: 400 with the reason as text',
  },
  {
    app: 'request-targets',
    requests: ['two Hosts'],
    differs: [
      'status',
      'reason',
      'body',
      'header:connection',
      'header:content-length',
      'header:content-type',
    ],
    kind: 'deliberate',
    readme: 'Two `Host` fields',
    note: 'Express: the first Host; Skiff: 400',
  },
  {
    app: 'request-targets',
    requests: ['lower-case method', 'unknown method'],
    differs: [
      'status',
      'reason',
      'body',
      'header:connection',
      'header:content-length',
      'header:content-type',
    ],
    kind: 'deliberate',
    readme: 'A method node:http does not know',
    note: "Express (node's parser): 400; Skiff: routed like any method (here the app's 404)",
  },

  // The features of cases/features.ts
  // Errors answered by the final handler in the cases of features built last.
  errorPage('sendFile conditional and range', ['range unsatisfiable']),
  {
    app: 'sendFile conditional and range',
    requests: ['range unsatisfiable'],
    differs: ['header:last-modified'],
    kind: 'deliberate',
    readme: 'Headers set before an error',
    note: "Express keeps the file's Last-Modified on its 416 page; Skiff's final handler drops the headers that described the file",
  },
  errorPage('views and res.render', ['GET /render']),
];
