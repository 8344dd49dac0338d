import { type ParserCase, refused } from '../harness.js';

const HOST = 'Host: example.com\r\n';

const withLine = (requestLine: string) => `${requestLine}\r\n${HOST}\r\n`;
const withFields = (fields: string) => `GET / HTTP/1.1\r\n${fields}\r\n`;

/** Request lines (RFC 9112 §3). */
export const requestLineCases: readonly ParserCase[] = [
  {
    name: 'methods are case-sensitive tokens and kept as sent',
    input: withLine('get / HTTP/1.1') + withLine("M-SEARCH!#$%&'*+.^_`|~ / HTTP/1.1"),
    expect: { messages: [{ method: 'get' }, { method: "M-SEARCH!#$%&'*+.^_`|~" }] },
  },
  {
    name: 'origin-form keeps query and odd but visible characters',
    input: withLine('GET /a/b?c=d&e=%20f"{}|\\^[]` HTTP/1.1'),
    expect: { messages: [{ target: '/a/b?c=d&e=%20f"{}|\\^[]`' }] },
  },
  {
    name: 'absolute-form',
    input: withLine('GET http://example.com/a?b HTTP/1.1') + withLine('GET HTTPS://example.com HTTP/1.1'),
    expect: { messages: [{ target: 'http://example.com/a?b' }, { target: 'HTTPS://example.com' }] },
  },
  {
    name: 'asterisk-form for OPTIONS',
    input: withLine('OPTIONS * HTTP/1.1'),
    expect: { messages: [{ method: 'OPTIONS', target: '*' }] },
  },
  {
    name: 'authority-form for CONNECT',
    input: withLine('CONNECT example.com:443 HTTP/1.1') + withLine('CONNECT [::1]:8443 HTTP/1.1'),
    expect: { messages: [{ method: 'CONNECT', target: 'example.com:443' }, { target: '[::1]:8443' }] },
  },
  {
    name: 'HTTP/1.0 needs no Host',
    input: 'GET / HTTP/1.0\r\n\r\n',
    expect: { messages: [{ versionMinor: 0, keepAlive: false, rawHeaders: [] }] },
  },
  refused('method with a parenthesis', withLine('GE(T / HTTP/1.1'), 'INVALID_METHOD'),
  refused('method with NUL', withLine('G\x00T / HTTP/1.1'), 'INVALID_METHOD'),
  refused('method with a non-ASCII byte', withLine('G\xc9T / HTTP/1.1'), 'INVALID_METHOD'),
  refused('tab between method and target', withLine('GET\t/ HTTP/1.1'), 'INVALID_METHOD'),
  refused('empty method', withLine(' / HTTP/1.1'), 'INVALID_REQUEST_LINE'),
  refused('double space after the method', withLine('GET  / HTTP/1.1'), 'INVALID_REQUEST_LINE'),
  refused('double space before the version', withLine('GET /  HTTP/1.1'), 'INVALID_REQUEST_LINE'),
  refused('trailing space after the version', withLine('GET / HTTP/1.1 '), 'INVALID_REQUEST_LINE'),
  refused('space inside the target', withLine('GET /a b HTTP/1.1'), 'INVALID_REQUEST_LINE'),
  refused('no version', withLine('GET /'), 'INVALID_REQUEST_LINE'),
  refused('method alone', withLine('GET'), 'INVALID_REQUEST_LINE'),
  refused('target with a tab', withLine('GET /a\tb HTTP/1.1'), 'INVALID_TARGET'),
  refused('target with a control byte', withLine('GET /a\x01b HTTP/1.1'), 'INVALID_TARGET'),
  refused('target with DEL', withLine('GET /a\x7f HTTP/1.1'), 'INVALID_TARGET'),
  refused('target with a non-ASCII byte', withLine('GET /caf\xe9 HTTP/1.1'), 'INVALID_TARGET'),
  refused('asterisk-form for GET', withLine('GET * HTTP/1.1'), 'INVALID_TARGET'),
  refused('authority-form for GET', withLine('GET example.com:80 HTTP/1.1'), 'INVALID_TARGET'),
  refused('relative target', withLine('GET a/b HTTP/1.1'), 'INVALID_TARGET'),
  refused('fragment in an origin-form target', withLine('GET /a?b#c HTTP/1.1'), 'INVALID_TARGET'),
  refused('empty fragment in an origin-form target', withLine('GET /# HTTP/1.1'), 'INVALID_TARGET'),
  refused(
    'fragment in an absolute-form target',
    withLine('GET http://example.com/#c HTTP/1.1'),
    'INVALID_TARGET',
  ),
  refused('absolute-form with another scheme', withLine('GET ftp://example.com/ HTTP/1.1'), 'INVALID_TARGET'),
  refused('absolute-form without a host', withLine('GET http:// HTTP/1.1'), 'INVALID_TARGET'),
  refused(
    'absolute-form with an empty host and a path',
    withLine('GET http:///a HTTP/1.1'),
    'INVALID_TARGET',
  ),
  refused(
    'absolute-form with userinfo',
    withLine('GET http://user:pw@example.com/ HTTP/1.1'),
    'INVALID_TARGET',
  ),
  refused(
    'absolute-form with a non-digit port',
    withLine('GET https://example.com:8o/ HTTP/1.1'),
    'INVALID_TARGET',
  ),
  refused('origin-form for CONNECT', withLine('CONNECT / HTTP/1.1'), 'INVALID_TARGET'),
  refused('CONNECT without a port', withLine('CONNECT example.com HTTP/1.1'), 'INVALID_TARGET'),
  refused('CONNECT with userinfo', withLine('CONNECT user@example.com:443 HTTP/1.1'), 'INVALID_TARGET'),
  {
    name: 'HTTP/1.2 and later minor versions are served as HTTP/1.1',
    input: withLine('GET / HTTP/1.2') + withLine('GET / HTTP/1.9'),
    expect: {
      messages: [
        { versionMinor: 1, keepAlive: true },
        { versionMinor: 1, keepAlive: true },
      ],
    },
  },
  refused('HTTP/1.2 without Host, as HTTP/1.1', 'GET / HTTP/1.2\r\n\r\n', 'MISSING_HOST'),
  refused('HTTP/2.0', withLine('GET / HTTP/2.0'), 'UNSUPPORTED_VERSION'),
  refused('the HTTP/2 connection preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'UNSUPPORTED_VERSION'),
  refused('HTTP/0.9', withLine('GET / HTTP/0.9'), 'UNSUPPORTED_VERSION'),
  refused('HTTP/9.9', withLine('GET / HTTP/9.9'), 'UNSUPPORTED_VERSION'),
  refused('lower-case http', withLine('GET / http/1.1'), 'INVALID_VERSION'),
  refused('two-digit minor version', withLine('GET / HTTP/1.10'), 'INVALID_VERSION'),
  refused('version without minor', withLine('GET / HTTP/1'), 'INVALID_VERSION'),
  refused('version with a letter', withLine('GET / HTTP/1.x'), 'INVALID_VERSION'),
  refused('HTTPS as protocol name', withLine('GET / HTTPS/1.1'), 'INVALID_VERSION'),
  refused('version with a comma', withLine('GET / HTTP/1,1'), 'INVALID_VERSION'),
  refused('request line ended by a bare LF', 'GET / HTTP/1.1\nHost: x\r\n\r\n', 'INVALID_LINE_ENDING'),
  refused('bare CR inside the request line', 'GET /\r HTTP/1.1\r\nHost: x\r\n\r\n', 'INVALID_LINE_ENDING'),
  refused('bare CR ending the request line', 'GET / HTTP/1.1\rHost: x\r\n\r\n', 'INVALID_LINE_ENDING'),
  refused('CR CR LF after the request line', 'GET / HTTP/1.1\r\r\nHost: x\r\n\r\n', 'INVALID_LINE_ENDING'),
  refused(
    'empty line ended by a bare LF before the request',
    '\nGET / HTTP/1.1\r\nHost: x\r\n\r\n',
    'INVALID_LINE_ENDING',
  ),
];

/** Field lines (RFC 9112 §5, RFC 9110 §5.5). */
export const fieldCases: readonly ParserCase[] = [
  {
    name: 'raw headers keep case and order; headers are keyed by lower-case name',
    input: withFields('Host: example.com\r\nX-Custom: One\r\nACCEPT: */*\r\nx-lower: two\r\n'),
    expect: {
      messages: [
        {
          rawHeaders: ['Host', 'example.com', 'X-Custom', 'One', 'ACCEPT', '*/*', 'x-lower', 'two'],
          headers: { host: 'example.com', 'x-custom': 'One', accept: '*/*', 'x-lower': 'two' },
        },
      ],
    },
  },
  {
    // Common names come from a table when spelled as usual or in lower case; any other spelling is sliced.
    name: 'common names keep the case they were sent in, whichever it is',
    input: withFields(
      'host: example.com\r\nUser-Agent: a\r\nuser-agent: b\r\nUSER-AGENT: c\r\nuSeR-aGeNt: d\r\nAccept-Encodinx: e\r\nAccept-Encoding: f\r\n',
    ),
    expect: {
      messages: [
        {
          rawHeaders: [
            ...['host', 'example.com', 'User-Agent', 'a', 'user-agent', 'b', 'USER-AGENT', 'c'],
            ...['uSeR-aGeNt', 'd', 'Accept-Encodinx', 'e', 'Accept-Encoding', 'f'],
          ],
          headers: {
            host: 'example.com',
            'user-agent': 'a, b, c, d',
            'accept-encodinx': 'e',
            'accept-encoding': 'f',
          },
        },
      ],
    },
  },
  {
    name: 'OWS around a value is stripped, inner whitespace kept',
    input: withFields(`${HOST}X-A: \t a \t b \t \r\nX-B:c\r\n`),
    expect: { messages: [{ headers: { 'x-a': 'a \t b', 'x-b': 'c' } }] },
  },
  {
    name: 'empty values',
    input: withFields(`${HOST}X-A:\r\nX-B:   \r\n`),
    expect: {
      messages: [
        { headers: { 'x-a': '', 'x-b': '' }, rawHeaders: ['Host', 'example.com', 'X-A', '', 'X-B', ''] },
      ],
    },
  },
  {
    name: 'obs-text and no-break spaces are kept, not trimmed',
    input: withFields(`${HOST}X-A: \xa0caf\xe9\xa0\r\nX-B: \xef\xbb\xbfx\r\n`),
    expect: { messages: [{ headers: { 'x-a': '\xa0caf\xe9\xa0', 'x-b': '\xef\xbb\xbfx' } }] },
  },
  {
    name: 'repeated fields are joined with a comma, cookies with a semicolon',
    input: withFields(`${HOST}X-A: 1\r\nCookie: a=1\r\nx-a: 2\r\ncookie: b=2\r\nX-A: 3\r\n`),
    expect: { messages: [{ headers: { 'x-a': '1, 2, 3', cookie: 'a=1; b=2' } }] },
  },
  {
    name: 'set-cookie keeps the last value',
    input: withFields(`${HOST}Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n`),
    expect: { messages: [{ headers: { 'set-cookie': 'b=2' } }] },
  },
  {
    name: 'field names that are Object.prototype members are plain fields',
    input: withFields(`${HOST}__proto__: x\r\nconstructor: y\r\nhasOwnProperty: z\r\n`),
    expect: {
      messages: [
        {
          headers: Object.fromEntries([
            ['__proto__', 'x'],
            ['constructor', 'y'],
            ['hasownproperty', 'z'],
          ]),
        },
      ],
    },
  },
  {
    name: 'every tchar is allowed in a name',
    input: withFields(`${HOST}!#$%&'*+-.^_\`|~09azAZ: v\r\n`),
    expect: { messages: [{ headers: { "!#$%&'*+-.^_`|~09azaz": 'v' } }] },
  },
  refused('space before the colon', withFields(`${HOST}X-A : 1\r\n`), 'INVALID_HEADER_NAME'),
  refused('tab before the colon', withFields(`${HOST}X-A\t: 1\r\n`), 'INVALID_HEADER_NAME'),
  refused('empty name', withFields(`${HOST}: 1\r\n`), 'INVALID_HEADER_NAME'),
  refused('no colon', withFields(`${HOST}X-A\r\n`), 'INVALID_HEADER_NAME'),
  refused('name with a parenthesis', withFields(`${HOST}X(A): 1\r\n`), 'INVALID_HEADER_NAME'),
  refused('name with a non-ASCII byte', withFields(`${HOST}X-\xc4: 1\r\n`), 'INVALID_HEADER_NAME'),
  refused('name with NUL', withFields(`${HOST}X\x00A: 1\r\n`), 'INVALID_HEADER_NAME'),
  refused('obs-fold', withFields(`${HOST}X-A: 1\r\n 2\r\n`), 'OBSOLETE_LINE_FOLDING'),
  refused('obs-fold with a tab', withFields(`${HOST}X-A: 1\r\n\t2\r\n`), 'OBSOLETE_LINE_FOLDING'),
  refused('whitespace before the first field line', withFields(` ${HOST}`), 'OBSOLETE_LINE_FOLDING'),
  refused('NUL in a value', withFields(`${HOST}X-A: 1\x002\r\n`), 'INVALID_HEADER_VALUE'),
  refused('vertical tab in a value', withFields(`${HOST}X-A: \x0b1\r\n`), 'INVALID_HEADER_VALUE'),
  refused('form feed at the end of a value', withFields(`${HOST}X-A: 1\x0c\r\n`), 'INVALID_HEADER_VALUE'),
  refused('escape byte in a value', withFields(`${HOST}X-A: \x1b[31m\r\n`), 'INVALID_HEADER_VALUE'),
  refused('DEL in a value', withFields(`${HOST}X-A: 1\x7f\r\n`), 'INVALID_HEADER_VALUE'),
  refused('field line ended by a bare LF', withFields(`${HOST}X-A: 1\n`), 'INVALID_LINE_ENDING'),
  refused('bare CR inside a value', withFields(`${HOST}X-A: 1\r2\r\n`), 'INVALID_LINE_ENDING'),
  refused('bare CR inside a name', withFields(`${HOST}X\rA: 1\r\n`), 'INVALID_LINE_ENDING'),
  refused('header section ended by a bare LF', `GET / HTTP/1.1\r\n${HOST}\n`, 'INVALID_LINE_ENDING'),
  refused('header section ended by CR CR LF', `GET / HTTP/1.1\r\n${HOST}\r\r\n`, 'INVALID_LINE_ENDING'),
];

/** Host (RFC 9112 §3.2, RFC 9110 §7.2). */
export const hostCases: readonly ParserCase[] = [
  {
    name: 'valid hosts',
    input: ['example.com', 'example.com:8080', '127.0.0.1', '[::1]', '[::1]:80', 'a-b_c~d.%41', 'x:']
      .map((host) => withFields(`Host: ${host}\r\n`))
      .join(''),
    expect: {
      messages: [
        'example.com',
        'example.com:8080',
        '127.0.0.1',
        '[::1]',
        '[::1]:80',
        'a-b_c~d.%41',
        'x:',
      ].map((host) => ({ headers: { host } })),
    },
  },
  {
    name: 'Host may be left out when requireHostHeader is false',
    input: withFields(''),
    limits: { requireHostHeader: false },
    expect: { messages: [{ target: '/' }] },
  },
  {
    name: 'absolute-form: the host is the target authority, rawHeaders keep Host as sent',
    input: 'GET http://example.com:8080/path?q HTTP/1.1\r\nHost: other.example\r\n\r\n',
    expect: {
      messages: [
        {
          target: 'http://example.com:8080/path?q',
          headers: { host: 'example.com:8080' },
          rawHeaders: ['Host', 'other.example'],
        },
      ],
    },
  },
  {
    name: 'absolute-form: the authority ends at the query, an IP literal keeps its brackets',
    input:
      'GET HTTPS://Example.COM?q HTTP/1.1\r\nHost: x\r\n\r\n' +
      'GET http://[::1]:8443 HTTP/1.1\r\nHost: x\r\n\r\n',
    expect: { messages: [{ headers: { host: 'Example.COM' } }, { headers: { host: '[::1]:8443' } }] },
  },
  {
    name: 'absolute-form in HTTP/1.0 without Host names the host',
    input: 'GET http://example.com/ HTTP/1.0\r\n\r\n',
    expect: { messages: [{ headers: { host: 'example.com' }, rawHeaders: [] }] },
  },
  refused(
    'absolute-form still needs Host in HTTP/1.1',
    'GET http://example.com/ HTTP/1.1\r\n\r\n',
    'MISSING_HOST',
  ),
  refused(
    'absolute-form with an invalid Host',
    'GET http://example.com/ HTTP/1.1\r\nHost: a b\r\n\r\n',
    'INVALID_HOST',
  ),
  refused(
    'absolute-form with two Host fields',
    'GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\nHost: example.com\r\n\r\n',
    'DUPLICATE_HOST',
  ),
  refused('missing Host', withFields('X-A: 1\r\n'), 'MISSING_HOST'),
  refused('two Host fields', withFields('Host: a\r\nHost: a\r\n'), 'DUPLICATE_HOST'),
  refused('two Host fields in different case', withFields('Host: a\r\nHOST: b\r\n'), 'DUPLICATE_HOST'),
  refused('two Host fields in HTTP/1.0', 'GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n', 'DUPLICATE_HOST'),
  {
    name: 'two Host fields when requireHostHeader is false',
    input: withFields('Host: a\r\nHost: b\r\n'),
    limits: { requireHostHeader: false },
    expect: { error: 'DUPLICATE_HOST', status: 400 },
  },
  {
    name: 'invalid Host when requireHostHeader is false',
    input: withFields('Host: a/b\r\n'),
    limits: { requireHostHeader: false },
    expect: { error: 'INVALID_HOST', status: 400 },
  },
  refused('invalid Host in HTTP/1.0', 'GET / HTTP/1.0\r\nHost: a b\r\n\r\n', 'INVALID_HOST'),
  ...[
    ['', 'empty'],
    ['a b', 'a space'],
    ['a/b', 'a slash'],
    ['user@a', 'userinfo'],
    ['a?b', 'a query'],
    ['a#b', 'a fragment'],
    ['a:8o', 'a non-digit port'],
    ['a:1:2', 'two colons'],
    [':80', 'no host before the port'],
    ['[::1', 'an unclosed bracket'],
    ['[]', 'empty brackets'],
    ['[::g]', 'a non-hex IPv6 byte'],
    ['a%zz', 'a bad percent-encoding'],
    ['caf\xe9', 'a non-ASCII byte'],
    ['a,b c', 'a list'],
  ].map(([host, what]) => refused(`Host with ${what}`, withFields(`Host: ${host}\r\n`), 'INVALID_HOST')),
];

/** Request smuggling: framing that two parsers could read two ways is refused. */
export const smugglingCases: readonly ParserCase[] = [
  refused(
    'CL.TE: Content-Length then Transfer-Encoding',
    `POST / HTTP/1.1\r\n${HOST}Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG`,
    'TRANSFER_ENCODING_WITH_CONTENT_LENGTH',
  ),
  refused(
    'TE.CL: Transfer-Encoding then Content-Length',
    `POST / HTTP/1.1\r\n${HOST}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n`,
    'TRANSFER_ENCODING_WITH_CONTENT_LENGTH',
  ),
  refused(
    'Transfer-Encoding in HTTP/1.0 with Content-Length',
    `POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc`,
    'TRANSFER_ENCODING_WITH_CONTENT_LENGTH',
  ),
  refused(
    'TE hidden by obs-fold',
    `POST / HTTP/1.1\r\n${HOST}Transfer-Encoding:\r\n chunked\r\nContent-Length: 3\r\n\r\nabc`,
    'OBSOLETE_LINE_FOLDING',
  ),
  refused(
    'TE with a space before the colon',
    `POST / HTTP/1.1\r\n${HOST}Transfer-Encoding : chunked\r\nContent-Length: 3\r\n\r\nabc`,
    'INVALID_HEADER_NAME',
  ),
  refused(
    'TE with a vertical tab',
    `POST / HTTP/1.1\r\n${HOST}Transfer-Encoding: \x0bchunked\r\n\r\n0\r\n\r\n`,
    'INVALID_HEADER_VALUE',
  ),
  refused(
    'TE with a bare CR inside',
    `POST / HTTP/1.1\r\n${HOST}Transfer-Encoding: chunked\rX: y\r\n\r\n0\r\n\r\n`,
    'INVALID_LINE_ENDING',
  ),
  refused(
    'TE after a bare LF',
    `POST / HTTP/1.1\r\n${HOST}X: y\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc`,
    'INVALID_LINE_ENDING',
  ),
  refused(
    'CL with a trailing letter that Number() would reject but parseInt() would accept',
    `POST / HTTP/1.1\r\n${HOST}Content-Length: 3x\r\n\r\nabc`,
    'INVALID_CONTENT_LENGTH',
  ),
  refused(
    'two differing Content-Length fields',
    `POST / HTTP/1.1\r\n${HOST}Content-Length: 3\r\nContent-Length: 30\r\n\r\nabc`,
    'CONFLICTING_CONTENT_LENGTH',
  ),
];
