import { CR, FIELD_VALUE, isOws, LF, latin1, SP, TARGET, TOKEN } from './chars.js';
import { parseChunkSizeLine } from './chunk-size.js';
import { ParseError, type ParseErrorCode } from './errors.js';
import { decideFraming } from './framing.js';
import { isAuthorityForm, isValidHost } from './host.js';
import { commonName, knownMethod, lowerCaseName } from './interned.js';
import { listIncludes } from './list.js';
import type { BodyFraming, ParserHandlers, ParserLimits, RequestHead } from './types.js';

// Where the parser is. Line states read CRLF-terminated lines; the others count bytes.
const REQUEST_LINE = 0;
const FIELD_LINE = 1;
const BODY = 2;
const CHUNK_SIZE = 3;
const CHUNK_DATA = 4;
const CHUNK_DATA_CR = 5;
const CHUNK_DATA_LF = 6;
const TRAILER_LINE = 7;
/** The head is handed on and the message has no body: neither head nor body is being read. */
const HEAD_DONE = 8;
/** `onHead` took the connection over: what follows the head is not HTTP. States from here on read nothing. */
const HANDED_OFF = 9;
const FAILED = 10;

// Where the method part of a request line is, judged byte by byte as it arrives (see #scanMethod).
const METHOD = 0;
/** A CR in the method part: the line ends if LF follows, else it holds a bare CR. */
const METHOD_CR = 1;
/** The SP after the method: the rest of the line is judged when it is whole. */
const METHOD_DONE = 2;

/** The line buffer of a parser between messages, and the most it keeps of a grown one. */
const EMPTY_LINE = Buffer.alloc(0);
const MAX_KEPT_LINE_BUFFER = 1024;

// What a complete line did to the loop in `execute`.
const CONTINUE = 0;
const PAUSE = 1;
const STOP = 2;

const COLON = 0x3a;
const SLASH = 0x2f;
const QUESTION_MARK = 0x3f;
const DIGIT_0 = 0x30;

/**
 * Longest method accepted, in bytes (also never more than `maxRequestLineSize`). The longest
 * registered method (IANA HTTP Method Registry) has 17; a longer run of token bytes is not a
 * method this server implements, so it fails with 501 at once rather than 414 at the line end.
 */
export const MAX_METHOD_LENGTH = 64;

/**
 * An incremental HTTP/1.1 request parser (RFC 9112). Input may be split at any byte; lines
 * are kept only while incomplete and bounded by the limits, body bytes are passed on as
 * views of the input, and several requests may follow each other on one instance.
 */
export class RequestParser {
  /** The error that stopped the parser, if any. */
  error: ParseError | undefined;

  readonly #handlers: ParserHandlers;
  readonly #limits: ParserLimits;
  #state = REQUEST_LINE;
  /** Bytes of a line that did not end in the input seen so far (never its LF). */
  #line: Buffer = EMPTY_LINE;
  #lineLength = 0;
  /** RFC 9112 §2.2 lets one empty line precede a request line. */
  #skippedEmptyLine = false;
  /** How far the method part of the request line has been judged: METHOD, METHOD_CR or METHOD_DONE. */
  #methodStep = METHOD;
  /** Token bytes of the method read so far; 0 until the message has begun. */
  #methodLength = 0;

  // The message being read.
  #method = '';
  #target = '';
  #versionMinor: 0 | 1 = 1;
  /** Authority of an absolute-form target, the request's host (RFC 9112 §3.2.2); empty for the other forms. */
  #targetHost = '';
  #rawHeaders: string[] = [];
  #headers: Record<string, string> = {};
  #hostCount = 0;
  #trailers: string[] = [];
  /** Bytes of the field lines read so far in the header (or trailer) section, CRLFs included. */
  #sectionBytes = 0;
  #fieldCount = 0;
  /** Body or chunk bytes still to come. */
  #remaining = 0;
  /** What the last line asked of the loop in `execute`: go on, pause, or stop on an error. */
  #lineStatus = CONTINUE;

  /** Creates a parser that reports to `handlers` and enforces `limits` (read at each use). */
  constructor(handlers: ParserHandlers, limits: ParserLimits) {
    this.#handlers = handlers;
    this.#limits = limits;
  }

  /**
   * True when no byte of a next message has been read (between messages, or before the first);
   * the empty line RFC 9112 §2.2 lets precede a request line is not part of a message.
   */
  get idle(): boolean {
    return this.#state === REQUEST_LINE && this.#methodLength === 0;
  }

  /** True while a head (request line + fields) is partly read. */
  get readingHead(): boolean {
    return this.#state === FIELD_LINE || (this.#state === REQUEST_LINE && this.#methodLength > 0);
  }

  /** True while body bytes (chunk framing and trailers included) are expected. */
  get readingBody(): boolean {
    return this.#state >= BODY && this.#state <= TRAILER_LINE;
  }

  /**
   * Parses `data[start..]`. Returns where it stopped: `data.length` when all was consumed; the
   * offset after a message whose `onMessageComplete` returned true; the offset after a head whose
   * `onHead` returned true (and every later call returns `start` at once); or, once `error` is
   * set, the offset where the error was found (and every later call returns `start` at once).
   */
  execute(data: Buffer, start = 0): number {
    if (this.#state >= HANDED_OFF) return start;
    const end = data.length;
    let position = start;
    while (position < end) {
      const state = this.#state;
      if (state === BODY || state === CHUNK_DATA) {
        const take = Math.min(this.#remaining, end - position);
        this.#handlers.onBody(data.subarray(position, position + take));
        position += take;
        this.#remaining -= take;
        if (this.#remaining > 0) continue;
        if (state === CHUNK_DATA) this.#state = CHUNK_DATA_CR;
        else if (this.#finish()) return position;
      } else if (state === CHUNK_DATA_CR || state === CHUNK_DATA_LF) {
        // RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF.
        if (data[position] !== (state === CHUNK_DATA_CR ? CR : LF)) {
          this.#fail('INVALID_CHUNK_DATA_END');
          return position;
        }
        position++;
        this.#state = state === CHUNK_DATA_CR ? CHUNK_DATA_LF : CHUNK_SIZE;
      } else if (state >= HANDED_OFF) {
        return position;
      } else {
        const next = this.#readLine(data, position, end);
        if (this.#lineStatus !== CONTINUE) {
          const status = this.#lineStatus;
          this.#lineStatus = CONTINUE;
          return status === PAUSE ? next : position;
        }
        position = next;
      }
    }
    return position;
  }

  /** Reads (part of) one line and returns the offset after what it read; `#lineStatus` says whether to go on. */
  #readLine(data: Buffer, position: number, end: number): number {
    if (
      this.#state === REQUEST_LINE &&
      this.#methodStep !== METHOD_DONE &&
      !this.#scanMethod(data, position, end)
    ) {
      this.#lineStatus = STOP;
      return position;
    }
    const budget = this.#lineBudget();
    // Nothing past `budget` content bytes plus CRLF can be a valid line, so the scan stops there.
    const cap = Math.min(end, position + budget + 2 - this.#lineLength);
    // Native memchr: header lines (a User-Agent, a Cookie) are long enough for it to win.
    let lineFeed = data.indexOf(LF, position);
    if (lineFeed === -1 || lineFeed > cap) lineFeed = cap;
    if (lineFeed === cap) {
      this.#keep(data, position, cap);
      const line = this.#line;
      const length = this.#lineLength;
      // Even if the line ends with the next byte, its content is at least this long.
      const shortest = line[length - 1] === CR ? length - 1 : length;
      if (shortest > budget) this.#lineStatus = this.#fail(this.#tooLongCode());
      return cap;
    }
    let status: number;
    if (this.#lineLength === 0) {
      // The whole line is in this input: parse it where it is, without a copy.
      status = this.#onLine(data, position, lineFeed, budget);
    } else {
      this.#keep(data, position, lineFeed);
      const length = this.#lineLength;
      this.#lineLength = 0;
      status = this.#onLine(this.#line, 0, length, budget);
    }
    this.#lineStatus = status;
    return lineFeed + 1;
  }

  /**
   * Judges the method part of a request line as its bytes arrive (RFC 9112 §3: `method SP`, with
   * `method = token`), so that input that cannot be a request (a TLS ClientHello, binary noise)
   * fails at its first wrong byte instead of at a line end or a timeout. It runs before the
   * length checks, on every byte up to the line's LF: the verdict depends on the bytes alone,
   * never on how they were split. Calls `onMessageBegin` at the line's first byte that is not CR
   * or LF. Returns false when it failed the parse.
   */
  #scanMethod(data: Buffer, position: number, end: number): boolean {
    const longest = Math.min(MAX_METHOD_LENGTH, this.#limits.maxRequestLineSize);
    let step = this.#methodStep;
    let length = this.#methodLength;
    let error: ParseErrorCode | undefined;
    for (let index = position; index < end; index++) {
      const code = data[index] as number;
      // The line is whole: what is left to judge, #onLine judges.
      if (code === LF) break;
      // RFC 9112 §2.2: a CR is only ever the first half of a line's CRLF.
      if (step === METHOD_CR) {
        error = 'INVALID_LINE_ENDING';
        break;
      }
      if (code === CR) {
        step = METHOD_CR;
        continue;
      }
      if (length === 0) this.#handlers.onMessageBegin();
      if (TOKEN[code] === 1) {
        length++;
        if (length <= longest) continue;
        error = 'METHOD_TOO_LONG';
      } else if (code === SP && length > 0) {
        step = METHOD_DONE;
      } else {
        error = code === SP ? 'INVALID_REQUEST_LINE' : 'INVALID_METHOD';
      }
      break;
    }
    this.#methodStep = step;
    this.#methodLength = length;
    if (error === undefined) return true;
    this.#fail(error);
    return false;
  }

  /** Most content bytes (CRLF excluded) the current line may have. */
  #lineBudget(): number {
    const limits = this.#limits;
    switch (this.#state) {
      case REQUEST_LINE:
        return limits.maxRequestLineSize;
      case CHUNK_SIZE:
        return limits.maxChunkLineSize;
      default:
        // A field line past the count limit has no room at all; only the empty line that ends the section fits.
        if (this.#fieldCount >= limits.maxHeaderCount) return 0;
        return Math.max(0, limits.maxHeaderSize - this.#sectionBytes - 2);
    }
  }

  #tooLongCode(): ParseErrorCode {
    if (this.#state === REQUEST_LINE) return 'REQUEST_LINE_TOO_LONG';
    return this.#state === CHUNK_SIZE ? 'CHUNK_LINE_TOO_LONG' : 'HEADERS_TOO_LARGE';
  }

  /** Appends part of an unfinished line to the line buffer, growing it up to the line budget. */
  #keep(data: Buffer, from: number, to: number): void {
    const needed = this.#lineLength + (to - from);
    if (needed > this.#line.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.#line.length * 2, 256));
      this.#line.copy(grown, 0, 0, this.#lineLength);
      this.#line = grown;
    }
    data.copy(this.#line, this.#lineLength, from, to);
    this.#lineLength = needed;
  }

  /** Handles one whole line, `buffer[start..lineFeed)`, by state. */
  #onLine(buffer: Buffer, start: number, lineFeed: number, budget: number): number {
    const hasCr = lineFeed > start && buffer[lineFeed - 1] === CR;
    const end = hasCr ? lineFeed - 1 : lineFeed;
    // The length is judged before the content, so the outcome does not depend on where the input was split.
    if (end - start > budget) return this.#fail(this.#tooLongCode());
    // RFC 9112 §2.2: a bare LF may be accepted as a line terminator; it is not, to keep one reading of the framing.
    if (!hasCr) return this.#fail('INVALID_LINE_ENDING');
    let error: ParseErrorCode | undefined;
    switch (this.#state) {
      case REQUEST_LINE:
        if (start === end) {
          // RFC 9112 §2.2: "a server that is expecting to receive and parse a request-line SHOULD
          // ignore at least one empty line (CRLF) received prior to the request-line."
          if (this.#skippedEmptyLine) return this.#fail('INVALID_REQUEST_LINE');
          this.#skippedEmptyLine = true;
          this.#methodStep = METHOD;
          return CONTINUE;
        }
        error = this.#requestLine(buffer, start, end);
        break;
      case FIELD_LINE:
        if (start === end) return this.#endOfHead();
        error = this.#fieldLine(buffer, start, end, false);
        break;
      case CHUNK_SIZE: {
        const size = parseChunkSizeLine(buffer, start, end);
        if (typeof size === 'string') {
          error = size;
        } else if (size === 0) {
          // RFC 9112 §7.1: last-chunk, then the trailer section, then CRLF.
          this.#state = TRAILER_LINE;
          this.#sectionBytes = 0;
          this.#fieldCount = 0;
        } else {
          this.#remaining = size;
          this.#state = CHUNK_DATA;
        }
        break;
      }
      default:
        if (start === end) return this.#finish() ? PAUSE : CONTINUE;
        error = this.#fieldLine(buffer, start, end, true);
    }
    if (error === undefined) return CONTINUE;
    // A CR inside a line is the first thing wrong with it, whatever the bytes around it are.
    const cr = buffer.indexOf(CR, start);
    return this.#fail(cr !== -1 && cr < end ? 'INVALID_LINE_ENDING' : error);
  }

  /** RFC 9112 §3: `request-line = method SP request-target SP HTTP-version`. */
  #requestLine(buffer: Buffer, start: number, end: number): ParseErrorCode | undefined {
    // The method and its SP were judged as they arrived; a line that ends inside the method has no target.
    if (this.#methodStep !== METHOD_DONE) return 'INVALID_REQUEST_LINE';
    const methodEnd = start + this.#methodLength;

    const targetStart = methodEnd + 1;
    let index = targetStart;
    while (index < end && TARGET[buffer[index] as number] === 1) index++;
    const targetEnd = index;
    if (targetEnd === targetStart || targetEnd === end) return 'INVALID_REQUEST_LINE';
    if (buffer[targetEnd] !== SP) return 'INVALID_TARGET';

    // HTTP-version = "HTTP" "/" DIGIT "." DIGIT (RFC 9112 §2.3), case-sensitive.
    const versionStart = targetEnd + 1;
    if (end - versionStart !== 8) {
      const space = buffer.indexOf(SP, versionStart);
      return space !== -1 && space < end ? 'INVALID_REQUEST_LINE' : 'INVALID_VERSION';
    }
    const major = (buffer[versionStart + 5] as number) - DIGIT_0;
    const minor = (buffer[versionStart + 7] as number) - DIGIT_0;
    if (
      buffer[versionStart] !== 0x48 ||
      buffer[versionStart + 1] !== 0x54 ||
      buffer[versionStart + 2] !== 0x54 ||
      buffer[versionStart + 3] !== 0x50 ||
      buffer[versionStart + 4] !== SLASH ||
      buffer[versionStart + 6] !== 0x2e ||
      !(major >= 0 && major <= 9) ||
      !(minor >= 0 && minor <= 9)
    ) {
      return 'INVALID_VERSION';
    }
    // RFC 9110 §2.5: a recipient "SHOULD process the message as if it were in the highest minor
    // version within that major version to which the recipient is conformant": HTTP/1.2 is served
    // as HTTP/1.1. Another major version is a protocol this server does not speak (§15.6.6).
    if (major !== 1) return 'UNSUPPORTED_VERSION';

    const method = knownMethod(buffer, start, methodEnd) ?? latin1(buffer, start, methodEnd);
    const target = latin1(buffer, targetStart, targetEnd);
    const targetHost = checkTarget(method, target);
    if (targetHost === undefined) return 'INVALID_TARGET';

    this.#method = method;
    this.#target = target;
    this.#targetHost = targetHost;
    this.#versionMinor = minor === 0 ? 0 : 1;
    this.#rawHeaders = [];
    this.#headers = new HeaderFields();
    this.#hostCount = 0;
    this.#sectionBytes = 0;
    this.#fieldCount = 0;
    this.#state = FIELD_LINE;
    return undefined;
  }

  /** RFC 9112 §5: `field-line = field-name ":" OWS field-value OWS`. */
  #fieldLine(buffer: Buffer, start: number, end: number, trailer: boolean): ParseErrorCode | undefined {
    const first = buffer[start];
    // RFC 9112 §5.2: a server that receives an obs-fold in a request "MUST either reject the message by
    // sending a 400 (Bad Request) [...] or replace each received obs-fold with one or more SP".
    if (isOws(first)) return 'OBSOLETE_LINE_FOLDING';

    let index = start;
    let hasUpperCase = false;
    for (; index < end; index++) {
      const code = buffer[index] as number;
      if (TOKEN[code] !== 1) break;
      if (code <= 0x5a && code >= 0x41) hasUpperCase = true;
    }
    // RFC 9112 §5.1: "No whitespace is allowed between the field name and colon."
    if (index === start || index === end || buffer[index] !== COLON) return 'INVALID_HEADER_NAME';
    // The names clients send most come from a table, as sent and lower-cased, without a new string.
    const common = commonName(buffer, start, index);
    const name = common === undefined ? latin1(buffer, start, index) : common.asSent;
    const key = common !== undefined ? common.key : hasUpperCase ? lowerCaseName(name) : name;

    // RFC 9112 §5: OWS around the value is not part of it.
    index++;
    while (index < end && isOws(buffer[index])) index++;
    let valueEnd = end;
    while (valueEnd > index && isOws(buffer[valueEnd - 1])) valueEnd--;
    const value = index === valueEnd ? '' : latin1(buffer, index, valueEnd);
    if (!isFieldValueBytes(buffer, index, valueEnd)) return 'INVALID_HEADER_VALUE';

    this.#sectionBytes += end - start + 2;
    this.#fieldCount++;
    if (trailer) {
      this.#trailers.push(name, value);
      return undefined;
    }
    this.#rawHeaders.push(name, value);
    const headers = this.#headers;
    const previous = headers[key];
    if (previous === undefined || key === 'set-cookie') headers[key] = value;
    else headers[key] = key === 'cookie' ? `${previous}; ${value}` : `${previous}, ${value}`;
    if (key === 'host') this.#hostCount++;
    return undefined;
  }

  /** The empty line after the fields: checks the head as a whole and hands it on. */
  #endOfHead(): number {
    const headers = this.#headers;
    const versionMinor = this.#versionMinor;

    // RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1
    // request message that lacks a Host header field and to any request message that contains
    // more than one Host header field line or a Host header field with an invalid field value."
    const host = headers.host;
    if (this.#hostCount > 1) return this.#fail('DUPLICATE_HOST');
    if (host === undefined) {
      if (versionMinor === 1 && this.#limits.requireHostHeader) return this.#fail('MISSING_HOST');
    } else if (!isValidHost(host)) {
      return this.#fail('INVALID_HOST');
    }
    // RFC 9112 §3.2.2: "When an origin server receives a request with an absolute-form of
    // request-target, the origin server MUST ignore the received Host header field (if any) and
    // instead use the host information of the request-target." The Host field was still checked
    // above, as §3.2 asks; rawHeaders keep it as sent.
    if (this.#targetHost !== '') headers.host = this.#targetHost;

    const framing = decideFraming(headers['transfer-encoding'], headers['content-length']);
    if (typeof framing === 'string') return this.#fail(framing);

    // RFC 9112 §9.3: HTTP/1.1 persists unless "close" is listed; HTTP/1.0 only with "keep-alive".
    const connection = headers.connection;
    const close = connection !== undefined && listIncludes(connection, 'close');
    const keepAlive =
      !close && (versionMinor === 1 || (connection !== undefined && listIncludes(connection, 'keep-alive')));
    // RFC 9112 §6.1: a server that receives Transfer-Encoding in an HTTP/1.0 message "MUST treat
    // the message as if the framing is faulty [...] and close the connection after processing".
    const mustClose = versionMinor === 0 && framing.kind === 'chunked';
    // RFC 9110 §10.1.1: the only expectation defined is "100-continue", case-insensitive, and an
    // HTTP/1.0 client does not wait for it.
    const expect = headers.expect;
    const expectContinue =
      versionMinor === 1 &&
      expect !== undefined &&
      expect.length === 12 &&
      expect.toLowerCase() === '100-continue';

    const head: RequestHead = {
      method: this.#method,
      target: this.#target,
      versionMinor,
      rawHeaders: this.#rawHeaders,
      headers,
      framing,
      keepAlive,
      mustClose,
      expectContinue,
    };
    this.#enterBody(framing);
    if (this.#handlers.onHead(head) === true) {
      // The handler took the connection over (an Upgrade or a CONNECT tunnel): the bytes after
      // the head are not HTTP, so not even a body announced by the head is read.
      this.#state = HANDED_OFF;
      return PAUSE;
    }
    if (this.#state !== HEAD_DONE) return CONTINUE;
    return this.#finish() ? PAUSE : CONTINUE;
  }

  #enterBody(framing: BodyFraming): void {
    if (framing.kind === 'chunked') {
      this.#trailers = [];
      this.#state = CHUNK_SIZE;
    } else if (framing.kind === 'length' && framing.length > 0) {
      this.#remaining = framing.length;
      this.#state = BODY;
    } else {
      // Content-Length: 0 and no framing at all end the message without a call to onBody.
      this.#state = HEAD_DONE;
    }
  }

  /** Ends the message; true when the handler asked to pause. */
  #finish(): boolean {
    const trailers = this.#state === TRAILER_LINE ? this.#trailers : [];
    this.#state = REQUEST_LINE;
    this.#skippedEmptyLine = false;
    this.#methodStep = METHOD;
    this.#methodLength = 0;
    // A long head grew the line buffer: an idle keep-alive connection does not keep it.
    if (this.#line.length > MAX_KEPT_LINE_BUFFER) this.#line = EMPTY_LINE;
    return this.#handlers.onMessageComplete(trailers);
  }

  #fail(code: ParseErrorCode): number {
    this.error = new ParseError(code);
    this.#state = FAILED;
    this.#lineLength = 0;
    return STOP;
  }
}

/**
 * The object that holds a request's fields by lower-case name. Its prototype chain has no
 * Object.prototype, so a field named `__proto__` or `constructor` is just a field; unlike
 * `Object.create(null)`, which V8 keeps as a slow dictionary, instances made by `new` stay
 * fast objects that share hidden classes across requests with the same fields.
 */
const HeaderFields = function HeaderFields() {} as unknown as new () => Record<string, string>;
HeaderFields.prototype = Object.create(null);

/** True when every byte of `buffer[start..end)` may be in a field value (RFC 9110 §5.5). */
function isFieldValueBytes(buffer: Buffer, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    if (FIELD_VALUE[buffer[index] as number] !== 1) return false;
  }
  return true;
}

/**
 * Checks the form of a target against its method (RFC 9112 §3.2): origin-form for most
 * requests, absolute-form for any (only http and https are served), authority-form only for
 * CONNECT, asterisk-form only for OPTIONS. Returns the authority of an absolute-form target, ''
 * for the other forms, or undefined when the target is refused.
 */
function checkTarget(method: string, target: string): string | undefined {
  if (method === 'CONNECT') return isAuthorityForm(target) ? '' : undefined;
  if (target.charCodeAt(0) === SLASH) return '';
  if (target === '*') return method === 'OPTIONS' ? '' : undefined;
  return absoluteFormAuthority(target);
}

/** The authority of an `http` or `https` absolute-form target, or undefined when it has none that is valid. */
function absoluteFormAuthority(target: string): string | undefined {
  const scheme = target.slice(0, 8).toLowerCase();
  const start = scheme.startsWith('http://') ? 7 : scheme === 'https://' ? 8 : -1;
  if (start === -1) return undefined;
  let end = start;
  while (end < target.length && !endsAuthority(target.charCodeAt(end))) end++;
  const authority = target.slice(start, end);
  // RFC 9110 §4.2.1: a URI with an empty host "MUST" be rejected as invalid. §4.2.4: a recipient
  // "SHOULD parse for userinfo and treat its presence as an error": isValidHost refuses "@".
  return isValidHost(authority) ? authority : undefined;
}

/** RFC 3986 §3.2: the authority ends at the path's "/" or the query's "?" ("#" never reaches here). */
function endsAuthority(code: number): boolean {
  return code === SLASH || code === QUESTION_MARK;
}
