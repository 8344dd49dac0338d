import type { ServerResponse } from 'node:http';
import { basename, resolve } from 'node:path';
import { type HeaderValue, HttpError, headerKey, isToken, Response, statusText } from '@skiff/core';
import type * as ContentDisposition from 'content-disposition';
import vary from 'vary';
import { type CookieOptions, clearCookieOptions, setCookieValue } from './cookie.js';
import { strongEtag, weakEtag } from './etag.js';
import { DEFAULT_HTTP_SETTINGS } from './http-settings.js';
import { jsonpScript, stringifyJson } from './json-body.js';
import { lazyRequire } from './lazy-require.js';
import type { Links } from './links.js';
import { mediaTypeParameter } from './media-type.js';
import { mimeTypes } from './mime.js';
import { formatKeyType } from './negotiate.js';
import type { NextFunction } from './next.js';
import type { AppRequest } from './request.js';
import { assertSendablePath, type SendFileOptions, sendFile } from './send-file.js';
import { encodeUrl, escapeHtml } from './url.js';
import type { RenderCallback } from './views.js';

const contentDisposition = lazyRequire<typeof ContentDisposition>('content-disposition');

// Named through Links by the files below this one, which cannot import it (see links.ts).
declare module './links.js' {
  interface Links {
    /** `req.res`. */
    AppResponse: AppResponse;
  }
}

/** Settings for a response made outside an app (unit tests): Express's defaults. */
const NO_APP: Pick<Links['App'], 'httpSettings'> = { httpSettings: DEFAULT_HTTP_SETTINGS };

/** A Content-Type that may name a charset; most do not, or say utf-8 at the end. */
const HAS_CHARSET = /charset/i;

/** The charset parameter of a Content-Type, quoted or not. */
const CHARSET_PARAMETER = /charset=("[^"]*"|[^;]*)/i;

/** A callback for `res.sendFile()`: called with the error, or nothing once the file was sent. */
export type SendFileCallback = (error?: unknown) => void;

/**
 * The response an app's handlers get: core's Response (`write` with backpressure, `end`,
 * headers exactly as set) with Express's helpers. Helpers return the response for chaining.
 */
export class AppResponse extends Response {
  declare readonly req: AppRequest;
  #locals: Record<string, unknown> | undefined = undefined;
  /** The app that received the request. */
  app!: Links['App'];
  /** True while a helper (sendFile) is preparing the response asynchronously. */
  responding = false;

  /** Values for this response only (templates, later middleware); made on first use. */
  get locals(): Record<string, unknown> {
    this.#locals ??= {};
    return this.#locals;
  }
  set locals(value: Record<string, unknown>) {
    this.#locals = value;
  }

  /** Sets the status code; throws on a code that is not an integer from 100 to 999. */
  status(code: number): this {
    if (!Number.isInteger(code) || code < 100 || code > 999) {
      throw new RangeError(`res.status(${String(code)}): a status code is an integer from 100 to 999`);
    }
    this.statusCode = code;
    return this;
  }

  /**
   * Sets headers: `set(name, value)` or `set({ name: value })`. Values go out exactly as
   * given; unlike Express, no charset is added to a Content-Type. A Content-Type without a
   * `/` is an extension, looked up as `type()` does.
   */
  set(field: string | Record<string, HeaderValue>, value?: HeaderValue): this {
    if (typeof field === 'string') {
      if (value === undefined) throw new TypeError(`res.set(${JSON.stringify(field)}) needs a value`);
      if (headerKey(field) === 'content-type') {
        // As Express: a response has one type, and a bare extension (`'html'`) names one.
        if (Array.isArray(value)) throw new TypeError('Content-Type cannot be set to an Array');
        if (typeof value === 'string' && !value.includes('/')) return this.type(value);
      }
      this.setHeader(field, value);
    } else {
      for (const [name, fieldValue] of Object.entries(field)) this.set(name, fieldValue);
    }
    return this;
  }

  /** Same as `set()`. */
  header(field: string | Record<string, HeaderValue>, value?: HeaderValue): this {
    return this.set(field, value);
  }

  /** A response header by name (any case). */
  get(field: string): string | readonly string[] | undefined {
    return this.getHeader(field);
  }

  /** Adds a value to a header, keeping those already set. */
  append(field: string, value: HeaderValue): this {
    this.appendHeader(field, value);
    return this;
  }

  /**
   * Sets the Content-Type. A value with a `/` is set exactly as given (`'text/plain'` stays
   * `text/plain`); an extension (`'json'`, `'.html'`) is looked up and gets a charset when
   * the type is text, as in Express.
   */
  type(type: string): this {
    this.setHeader(
      'Content-Type',
      type.includes('/') ? type : mimeTypes().contentType(type) || 'application/octet-stream',
    );
    return this;
  }

  /** Same as `type()`. */
  contentType(type: string): this {
    return this.type(type);
  }

  /**
   * Sends a body and ends the response: a string (text/html; charset=utf-8 unless a type
   * is set), a Buffer (application/octet-stream unless set), anything else as JSON, null or
   * undefined as an empty body. Content-Length is set from the body, and an ETag as the app's
   * `etag` setting says (weak by default) unless one is set; a fresh conditional GET or HEAD
   * (`req.fresh`) is answered 304 without content, as in Express.
   */
  send(body?: unknown): this {
    let chunk: string | Uint8Array | undefined;
    switch (typeof body) {
      case 'string':
        chunk = body;
        // A type the app set may name another charset: the UTF-8 string must say UTF-8.
        if (!this.#defaultType('text/html; charset=utf-8')) this.#utf8Charset();
        break;
      case 'undefined':
        break;
      case 'object':
        if (body === null) {
          chunk = '';
          break;
        }
        if (body instanceof Uint8Array) {
          chunk = body;
          this.#defaultType('application/octet-stream');
          break;
        }
        return this.json(body);
      case 'number':
      case 'boolean':
        return this.json(body);
      default:
        throw new TypeError(`res.send() cannot send ${typeof body}; send a string, a Buffer or a JSON value`);
    }
    return this.#sendChunk(chunk, true);
  }

  /**
   * The end of send(), json() and redirect(): the content headers for the status, the length,
   * with `conditional` the ETag and the 304 of a fresh request, and end().
   */
  #sendChunk(chunk: string | Uint8Array | undefined, conditional: boolean): this {
    if (!this.headersSent) {
      if (chunk === undefined) this.declareLength(0);
      else {
        const length = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
        // The length of the body given here is the one that counts. Set as Express sets it, so that
        // middleware wrapping end() (express-session) reads it with getHeader().
        this.declareLength(length);
        // As Express: only a body given here is tagged (not an empty send()), and never over the app's own tag.
        const etagOf = conditional ? (this.app ?? NO_APP).httpSettings.etag : undefined;
        if (etagOf !== undefined && !this.hasHeaderKey('etag')) {
          const tag = etagOf(chunk, length);
          // Our own tags are valid by construction; an app's function goes through setHeader's checks.
          if (tag !== undefined) {
            if (etagOf === weakEtag || etagOf === strongEtag) this.setOwnHeader('etag', 'ETag', tag);
            else this.setHeader('ETag', tag);
          }
        }
      }
      // RFC 9110 §13.1.1–2 through Express's req.fresh; only a conditional request can be fresh, so the common case reads two fields.
      const headers = this.req.headers;
      if (
        conditional &&
        (headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined) &&
        this.req.fresh
      ) {
        this.statusCode = 304;
      }
      // RFC 9110 §15.3.5, §15.4.5: 204 and 304 have no content, so no content headers either.
      if (this.statusCode === 204 || this.statusCode === 304) {
        this.removeHeader('Content-Type');
        this.removeHeader('Content-Length');
        this.removeHeader('Transfer-Encoding');
        chunk = undefined;
      } else if (this.statusCode === 205) {
        // RFC 9110 §15.3.6: a 205 has no content; as Express, it says so with Content-Length: 0.
        this.removeHeader('Transfer-Encoding');
        this.declareLength(0);
        chunk = undefined;
      }
    }
    return this.end(chunk);
  }

  /**
   * Sends a value as JSON (application/json; charset=utf-8 unless a type is set), written with
   * the app's `json replacer`, `json spaces` and `json escape` settings.
   */
  json(body: unknown): this {
    const text = stringifyJson(body, (this.app ?? NO_APP).httpSettings);
    if (!this.#defaultType('application/json; charset=utf-8')) this.#utf8Charset();
    // As Express: json(undefined) sends nothing, so no tag is made.
    return this.#sendChunk(text, true);
  }

  /**
   * Sends a value as JSON, or, when the query names a callback (the `jsonp callback name`
   * setting, `callback` by default), as a script that calls it: text/javascript with
   * `X-Content-Type-Options: nosniff`, byte for byte as Express's `res.jsonp()`.
   */
  jsonp(body: unknown): this {
    const settings = (this.app ?? NO_APP).httpSettings;
    const text = stringifyJson(body, settings);
    const query = this.req.query as Record<string, unknown>;
    let callback = query[settings.jsonpCallbackName];
    if (Array.isArray(callback)) callback = callback[0];
    if (!this.headersSent && !this.hasHeader('Content-Type')) {
      this.setHeader('X-Content-Type-Options', 'nosniff');
      // Express's res.set() adds the charset mime-types knows for the type.
      this.setHeader('Content-Type', 'application/json; charset=utf-8');
    }
    if (typeof callback !== 'string' || callback === '') return this.send(text);
    this.setHeader('X-Content-Type-Options', 'nosniff');
    this.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    return this.send(jsonpScript(text, callback));
  }

  /** Sets the status and sends its reason phrase as text/plain. */
  sendStatus(code: number): this {
    this.status(code);
    if (!this.headersSent) this.setHeader('Content-Type', 'text/plain; charset=utf-8');
    return this.send(statusText(code) ?? String(code));
  }

  /** Sets the Location header (encoded, keeping valid %-escapes). */
  location(url: string): this {
    this.setHeader('Location', encodeUrl(url));
    return this;
  }

  /**
   * Redirects: `redirect(url)` (302) or `redirect(status, url)`, with a short text or HTML body;
   * as in Express, without an ETag.
   */
  redirect(url: string): void;
  redirect(status: number, url: string): void;
  redirect(statusOrUrl: number | string, maybeUrl?: string): void {
    const status = typeof statusOrUrl === 'number' ? statusOrUrl : 302;
    const url = typeof statusOrUrl === 'number' ? maybeUrl : statusOrUrl;
    if (typeof url !== 'string')
      throw new TypeError('res.redirect() needs a URL: redirect(url) or redirect(status, url)');
    this.location(url);
    const address = this.getHeader('Location') as string;
    const reason = statusText(status) ?? String(status);
    let body = '';
    // As Express 5: the body is chosen by res.format(), so it adds `Vary: Accept` and the
    // Content-Type of the type chosen; a client that accepts neither gets no body and no type.
    this.format({
      text: () => {
        body = `${reason}. Redirecting to ${address}`;
      },
      html: () => {
        const link = escapeHtml(address);
        body = `<!DOCTYPE html><head><title>${reason}</title></head><body><p>${reason}. Redirecting to ${link}</p></body>`;
      },
      default: () => {
        body = '';
      },
    });
    this.status(status);
    // A header, not declareLength(): a HEAD answer must carry it too, as Express's does.
    this.setHeader('Content-Length', String(Buffer.byteLength(body)));
    this.end(body);
  }

  /**
   * Answers by content negotiation, as Express's `res.format()`: calls the handler of the type
   * the client accepts best (keys like `json`, `html`, `text/plain`), after setting that
   * Content-Type (with its charset); else `default`; else a 406 through `next()` whose `types`
   * lists the types offered. Adds `Vary: Accept`.
   */
  format(handlers: Record<string, (req: AppRequest, res: AppResponse, next: NextFunction) => void>): this {
    const req = this.req;
    const next: NextFunction = req.next ?? (() => undefined);
    const keys = Object.keys(handlers).filter((key) => key !== 'default');
    const chosen = keys.length > 0 ? req.accepts(keys) : false;
    this.vary('Accept');
    const handler = chosen ? handlers[chosen] : undefined;
    if (chosen && handler !== undefined) {
      const type = formatKeyType(chosen);
      this.setHeader('Content-Type', mimeTypes().contentType(type) || type);
      handler(req, this, next);
    } else if (handlers.default !== undefined) {
      handlers.default(req, this, next);
    } else {
      next(Object.assign(new HttpError(406, statusText(406)), { types: keys.map(formatKeyType) }));
    }
    return this;
  }

  /** Adds fields to the Vary header, once each (the `vary` package, as Express). */
  vary(field: string | string[]): this {
    // The common case (compress() on every response): one name, no Vary yet. What vary() would
    // set, without parsing.
    if (typeof field === 'string' && field !== '*' && !this.hasHeaderKey('vary') && isToken(field)) {
      this.setHeader('Vary', field);
      return this;
    }
    vary(this as unknown as ServerResponse, field);
    return this;
  }

  /** Adds to the Link header: `links({ next: '/page/2' })` → `</page/2>; rel="next"`. */
  links(links: Record<string, string | readonly string[]>): this {
    // As Express 5: the URLs go in as given, and a rel with several URLs gets one link each.
    const value = Object.entries(links)
      .map(([rel, urls]) =>
        (typeof urls === 'string' ? [urls] : urls).map((url) => `<${url}>; rel="${rel}"`).join(', '),
      )
      .join(', ');
    const current = this.getHeader('Link');
    this.setHeader('Link', current === undefined ? value : `${String(current)}, ${value}`);
    return this;
  }

  /**
   * Adds a Set-Cookie header as Express 5: `maxAge` in milliseconds (Max-Age and Expires),
   * `path` `/` unless given, objects as `j:` + JSON, `signed` with `req.secret`.
   */
  cookie(name: string, value: unknown, options?: CookieOptions): this {
    this.appendHeader('Set-Cookie', setCookieValue(name, value, options, this.req.secret));
    return this;
  }

  /** Expires a cookie (give the `path` and `domain` it was set with); `maxAge` and `expires` are ignored, as Express 5. */
  clearCookie(name: string, options?: CookieOptions): this {
    return this.cookie(name, '', clearCookieOptions(options));
  }

  /** Sets Content-Disposition to attachment (with the file name, and its type when a name is given). */
  attachment(filename?: string): this {
    if (filename === undefined) {
      this.setHeader('Content-Disposition', 'attachment');
      return this;
    }
    const name = filename.split(/[\\/]/).pop() ?? filename;
    this.type(name.includes('.') ? name.slice(name.lastIndexOf('.')) : 'bin');
    this.setHeader('Content-Disposition', contentDisposition().create(name));
    return this;
  }

  /**
   * Sends a file as a download, as Express's `res.download(path, [filename], [options], [callback])`:
   * `Content-Disposition: attachment` with `filename` (the file's own name by default), set
   * with the file's headers (over any in `options.headers`); a relative path without `root`
   * is resolved from the working directory.
   */
  download(
    path: string,
    filename?: string | SendFileOptions | SendFileCallback | null,
    options?: SendFileOptions | SendFileCallback | null,
    callback?: SendFileCallback,
  ): Promise<void> {
    let name = typeof filename === 'string' ? filename : undefined;
    let settings = typeof options === 'object' && options !== null ? options : undefined;
    let done = typeof options === 'function' ? options : callback;
    if (typeof filename === 'function') {
      done = filename;
      settings = undefined;
    } else if (typeof filename === 'object' && filename !== null && typeof options !== 'object') {
      // download(path, options, [callback])
      name = undefined;
      settings = filename;
    }
    const headers: Record<string, HeaderValue> = {
      'Content-Disposition': contentDisposition().create(basename(name || path)),
    };
    for (const [field, value] of Object.entries(settings?.headers ?? {})) {
      if (headerKey(field) !== 'content-disposition') headers[field] = value;
    }
    const merged: SendFileOptions = { ...settings, headers };
    return this.sendFile(merged.root ? path : resolve(path), merged, done);
  }

  /**
   * Sends a file as Express 5's `res.sendFile` (the same `send` package): Content-Type,
   * Content-Length, ETag, Last-Modified, Cache-Control, 304/412 on conditional requests,
   * Range. With a callback, the callback gets the outcome; without, a failure goes to
   * `next(err)` (a missing file → 404), a directory to `next()`, and a client that left is
   * not an error. The promise settles when the file was sent or the outcome handed on.
   */
  sendFile(
    path: string,
    options?: SendFileOptions | SendFileCallback,
    callback?: SendFileCallback,
  ): Promise<void> {
    const settings = typeof options === 'function' ? {} : (options ?? {});
    const done = typeof options === 'function' ? options : callback;
    assertSendablePath(path, settings);
    const next = this.req.next;
    // As Express: the app's `etag` setting decides, and an app that never set it sends ETags.
    const etagSetting: unknown = this.app?.set('etag');
    this.responding = true;
    return sendFile(this, path, settings, etagSetting === undefined || Boolean(etagSetting)).then(
      () => {
        this.responding = false;
        done?.();
      },
      (error: unknown) => {
        this.responding = false;
        if (done) return done(error);
        const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
        if (code === 'EISDIR') return next?.();
        // The client left: nobody to answer.
        if (code === 'ECONNABORTED' || syscall === 'write') return;
        if (next) next(error);
        else throw error;
      },
    );
  }

  /**
   * Renders a view with the app's views settings, as Express's `res.render(view, [locals], [callback])`:
   * the locals are `app.locals`, then `res.locals`, then `locals`. Without a callback the HTML is
   * sent (text/html unless a type is set) and an error goes to `next(err)`.
   */
  render(view: string, callback?: RenderCallback): void;
  render(view: string, locals?: object, callback?: RenderCallback): void;
  render(view: string, locals?: object | RenderCallback, callback?: RenderCallback): void {
    const given = typeof locals === 'function' ? undefined : locals;
    const req = this.req;
    const done: RenderCallback =
      (typeof locals === 'function' ? (locals as RenderCallback) : callback) ??
      ((error, html) => {
        if (error) {
          if (req.next) req.next(error);
          else throw error;
          return;
        }
        this.send(html);
      });
    this.app.render(view, { ...given, _locals: this.locals }, done);
  }

  /** Sets the Content-Type unless one is set (or the head is fixed); true when it set it. */
  #defaultType(type: string): boolean {
    if (this.headersSent || this.hasHeader('Content-Type')) return false;
    this.setHeader('Content-Type', type);
    return true;
  }

  /**
   * A string goes out as UTF-8, so a charset the app named says so too: as Express does,
   * `text/plain; charset=iso-8859-1` becomes `charset=utf-8` and the bytes and the label agree.
   */
  #utf8Charset(): void {
    const type = this.headersSent ? undefined : this.getHeader('Content-Type');
    // The common case (the defaults of send() and json()) costs one comparison, no parsing.
    if (typeof type !== 'string' || type.endsWith('charset=utf-8') || !HAS_CHARSET.test(type)) return;
    const charset = mediaTypeParameter(type, 'charset');
    if (charset === undefined || charset.toLowerCase() === 'utf-8') return;
    this.setHeader('Content-Type', type.replace(CHARSET_PARAMETER, 'charset=utf-8'));
  }
}
