// Every difference between Express 5 and Skiff that the differential suite sees, once each.
// `deliberate`: a choice stated in the router README's table. `pending`: a feature being
// built now, or a gap noted for later; the suite fails when the difference disappears, and
// the entry goes then.

import type { Aspect, KnownDifference, PendingDifference } from './types.js';

/** What differs between Express's HTML error page and Skiff's text one. */
const ERROR_PAGE: readonly Aspect[] = [
  'body',
  'header:content-length',
  'header:content-security-policy',
  'header:content-type',
];

/** Express's `send()` and `json()` add a weak ETag; Skiff's do not yet. */
function sendEtag(app: string): PendingDifference {
  return {
    app,
    requests: 'all',
    differs: ['header:etag'],
    kind: 'pending',
    note: 'Express: W/"len-hash" ETag from send()/json(); Skiff: none yet (send/json ETag and 304)',
  };
}

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

/** Body parser errors: same status, type and expose; Skiff's message says more. */
function parserMessage(app: string, requests: readonly string[]): KnownDifference {
  return {
    app,
    requests,
    differs: ['body', 'header:content-length'],
    kind: 'deliberate',
    readme: 'Body parser error messages',
    note: "Express: body-parser's message; Skiff: a sentence naming the limit or the problem",
  };
}

/** The known differences, by app. */
export const knownDifferences: readonly KnownDifference[] = [
  // Routing
  sendEtag('params'),
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
  sendEtag('optional and splat'),
  sendEtag('case and trailing slash (defaults)'),
  sendEtag('case sensitive and strict routing'),
  sendEtag('methods'),
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
    app: 'default 404, 405 and OPTIONS',
    requests: ['GET /only-get', 'HEAD /only-get'],
    differs: ['header:etag'],
    kind: 'pending',
    note: 'Express: ETag from send(); Skiff: none yet',
  },
  sendEtag('next route and arrays of paths'),
  sendEtag('route-level error handlers and catch-alls'),
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
  {
    app: 'route() chains and all()',
    requests: [
      'GET /book',
      'POST /book',
      'HEAD /book',
      'GET /mw',
      'GET /mw/',
      'GET /mw/deep/er?x=1',
      'GET /MW/a',
    ],
    differs: ['header:etag'],
    kind: 'pending',
    note: 'Express: ETag from send(); Skiff: none yet',
  },

  // Mounting
  sendEtag('routers under prefixes'),
  sendEtag('mergeParams'),
  sendEtag('next router and middleware order'),
  sendEtag('routers mounted at several paths and strict routers'),

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
  sendEtag('error middleware'),

  // Request helpers
  sendEtag('req basics'),
  sendEtag('req.get and header'),
  sendEtag('req.is'),
  {
    app: 'req.is',
    requests: ['chunked'],
    differs: ['header:connection'],
    kind: 'deliberate',
    readme: 'A chunked request body the app did not read',
    note: 'Express (node:http) reads and discards it, and keeps the connection; Skiff answers `Connection: close`',
  },
  sendEtag('req.accepts family'),
  {
    app: 'req.accepts family',
    requests: ['empty accept', 'garbage accept', 'params and ties'],
    differs: ['body', 'header:content-length'],
    kind: 'pending',
    note: "Express (negotiator): an empty Accept accepts nothing, a range's parameters must match the offer's, a malformed range is dropped; Skiff: accepts details",
  },

  // Response helpers
  sendEtag('res.send, json, status, end'),
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
  sendEtag('res headers: set, append, vary, links, location'),
  charset('res headers: set, append, vary, links, location', [
    'GET /set-content-type',
    'HEAD /set-content-type',
  ]),
  sendEtag('res.cookie and clearCookie'),
  {
    app: 'res.cookie and clearCookie',
    requests: [
      'GET /cookie-options',
      'HEAD /cookie-options',
      'GET /clear-cookie',
      'HEAD /clear-cookie',
      'GET /clear-cookie-max-age',
      'HEAD /clear-cookie-max-age',
    ],
    differs: ['header:set-cookie'],
    kind: 'pending',
    note: 'Attribute order: Express (cookie package) writes Domain; Path; Expires; Skiff writes Expires first (cookie.ts is being reworked for signed/priority/partitioned)',
  },
  sendEtag('res.location back'),
  sendEtag('res.attachment'),
  charset('res.attachment', [
    'GET /attachment-name',
    'HEAD /attachment-name',
    'GET /attachment-no-ext',
    'HEAD /attachment-no-ext',
  ]),
  sendEtag('res.format'),
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
  {
    app: 'res.sendFile and res.download',
    requests: 'all',
    differs: ['header:etag', 'header:accept-ranges'],
    kind: 'pending',
    note: 'Express (send): ETag and Accept-Ranges: bytes on a file; Skiff: none yet (sendFile ETag/Range/304)',
  },
  charset('res.sendFile and res.download', ['GET /file-type-set', 'HEAD /file-type-set']),
  {
    app: 'res.sendFile and res.download',
    requests: ['GET /file-missing', 'HEAD /file-missing', 'GET /download-missing', 'HEAD /download-missing'],
    differs: ['body', 'header:content-length'],
    kind: 'pending',
    note: "A missing file's error: Express's has `code: 'ENOENT'`; Skiff's HttpError 404 has no code (sendFile is being reworked)",
  },
  {
    app: 'res.sendFile and res.download',
    requests: ['GET /file-dir', 'HEAD /file-dir'],
    differs: ['status', 'reason', 'body', 'header:content-length'],
    kind: 'pending',
    note: "A directory: Express's send fails with a 500 EISDIR error (no redirect in sendFile); Skiff: 404 (sendFile is being reworked)",
  },

  // Body parsers
  sendEtag('json parser'),
  parserMessage('json parser', [
    '/json whitespace',
    '/json bad',
    '/json bad token',
    '/json primitive strict',
    '/json number strict',
    '/json leading space primitive',
    '/json bad charset',
    '/json latin1 charset',
    '/json-small over',
    '/json unknown encoding',
  ]),
  {
    app: 'json parser',
    requests: ['/json gzip'],
    differs: ['status', 'reason', 'body', 'header:content-length'],
    kind: 'pending',
    note: 'A gzip body that is not gzip: Express inflates and fails with 400; Skiff refuses compressed bodies with 415 (body inflate)',
  },
  {
    app: 'json parser',
    requests: ['GET json with body'],
    differs: ['status', 'reason', 'header:allow', ...ERROR_PAGE],
    kind: 'deliberate',
    readme: 'Path matches, method does not',
    note: 'Express: 404 page; Skiff: 405 with Allow',
  },
  sendEtag('urlencoded parser'),
  parserMessage('urlencoded parser', ['/form-limit over', '/form-small over']),
  {
    app: 'urlencoded parser',
    requests: ['/form bad charset'],
    differs: ['status', 'reason', 'body', 'header:content-length'],
    kind: 'pending',
    note: 'urlencoded with charset=latin1: Express 415 charset.unsupported; Skiff parses it (body charsets)',
  },
  {
    app: 'urlencoded parser',
    requests: ['/form odd'],
    differs: ['body', 'header:content-length'],
    kind: 'pending',
    note: "urlencoded `=x`: Express (qs) drops a field with an empty name; Skiff keeps it as '' (body.ts is being reworked for charsets)",
  },
  sendEtag('text and raw parsers'),
  parserMessage('text and raw parsers', ['/text bad charset', '/text-small over', '/raw-small over']),
  {
    app: 'text and raw parsers',
    requests: ['/raw bad length'],
    differs: ['body', 'header:content-length', 'header:content-type'],
    kind: 'deliberate',
    readme: 'Malformed request',
    note: 'Express (node:http): bare 400; Skiff: 400 with the reason as text',
  },

  // Proxies
  sendEtag('forwarded headers, trust proxy off'),
  sendEtag('forwarded headers, trust proxy on'),
  {
    app: 'trust proxy as a hop count',
    requests: 'all',
    differs: ['body', 'header:content-length', 'header:etag'],
    kind: 'pending',
    note: "trust proxy 1: Express trusts one hop; Skiff trusts none (trust proxy hop counts); and send()'s ETag",
  },

  // Request-targets
  sendEtag('request-targets'),
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

  // Features being built now (cases/pending.ts)
  {
    app: 'send ETag and freshness',
    requests: 'all',
    differs: ['status', 'reason', 'body', 'header:content-length', 'header:content-type', 'header:etag'],
    kind: 'pending',
    note: 'Express: ETag, 304 on If-None-Match, req.fresh/req.stale; Skiff: none yet (send/json ETag and 304, req.fresh/stale)',
  },
  {
    app: 'sendFile conditional and range',
    requests: 'all',
    differs: [
      'status',
      'reason',
      'body',
      'header:accept-ranges',
      'header:content-length',
      'header:content-range',
      'header:content-security-policy',
      'header:content-type',
      'header:etag',
      'header:x-content-type-options',
    ],
    kind: 'pending',
    note: 'Express (send): 206/416 for Range, 304 for If-Modified-Since, ETag; Skiff: 200 with the whole file (sendFile ETag/Range/304)',
  },
  {
    app: 'app settings: json spaces, query parser, subdomains, req.range',
    requests: 'all',
    differs: [
      'status',
      'reason',
      'body',
      'header:content-length',
      'header:content-type',
      'header:etag',
      'header:x-content-type-options',
    ],
    kind: 'pending',
    note: 'Express: json spaces, the extended query parser, req.subdomains, req.range(), res.jsonp; Skiff: not yet (those settings)',
  },
  {
    app: 'trust proxy by address',
    requests: 'all',
    differs: ['body', 'header:content-length', 'header:etag'],
    kind: 'pending',
    note: "trust proxy 'loopback': Express trusts 127.0.0.1; Skiff trusts none (trust proxy addresses and CIDRs)",
  },
  {
    app: 'app.param, req.route, RegExp paths',
    requests: 'all',
    differs: ['status', 'reason', 'body', 'header:content-length', 'header:content-type', 'header:etag'],
    kind: 'pending',
    note: 'Express: app.param callbacks, req.route, RegExp paths; Skiff: not yet',
  },
  {
    app: 'sub-app mountpath and settings',
    requests: 'all',
    differs: ['body', 'header:content-length', 'header:etag'],
    kind: 'pending',
    note: "Express: a sub-app's mountpath, and settings inherited from its parent; Skiff: not yet",
  },
  {
    app: 'views and res.render',
    requests: 'all',
    differs: [
      'status',
      'reason',
      'body',
      'header:content-length',
      'header:content-security-policy',
      'header:content-type',
      'header:x-content-type-options',
    ],
    kind: 'pending',
    note: 'Express: res.render (here: no view engine, an error); Skiff: no res.render yet (views)',
  },
  {
    app: 'body inflate and verify',
    requests: 'all',
    differs: ['status', 'reason', 'body', 'header:content-length', 'header:etag'],
    kind: 'pending',
    note: 'Express (body-parser): inflates a gzip body, and a throwing `verify` gives 403; Skiff: 415, and `verify` is not called (body inflate/verify)',
  },
  {
    app: 'cookie priority and partitioned',
    requests: 'all',
    differs: ['header:set-cookie'],
    kind: 'pending',
    note: 'Express (cookie): `Priority=High`; Skiff: no Priority yet (cookie priority)',
  },
];
