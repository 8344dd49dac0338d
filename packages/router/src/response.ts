import { basename, resolve } from 'node:path';
import { type HeaderValue, HttpError, Response, statusText } from '@skiff/core';
import { create as createDisposition } from 'content-disposition';
import { contentType } from 'mime-types';
import type { App } from './app.js';
import { type CookieOptions, serializeCookie } from './cookie.js';
import { mediaTypeParameter, normalizeType } from './media-type.js';
import type { AppRequest } from './request.js';
import { type SendFileOptions, sendFile } from './send-file.js';
import type { NextFunction } from './types.js';
import { encodeUrl, escapeHtml } from './url.js';

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
  app!: App;
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
      if (field.toLowerCase() === 'content-type') {
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
      type.includes('/') ? type : contentType(type) || 'application/octet-stream',
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
   * undefined as an empty body. Content-Length is set from the body.
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
    return this.#sendChunk(chunk);
  }

  /** The end of send() and json(): the content headers for the status, the length, and end(). */
  #sendChunk(chunk: string | Uint8Array | undefined): this {
    if (!this.headersSent) {
      // RFC 9110 §15.3.5, §15.4.5: 204 and 304 have no content, so no content headers either.
      if (this.statusCode === 204 || this.statusCode === 304) {
        this.removeHeader('Content-Type');
        this.removeHeader('Content-Length');
        this.removeHeader('Transfer-Encoding');
        chunk = undefined;
      } else {
        // The length of the body given here is the one that counts. Set as Express sets it, so that
        // middleware wrapping end() (express-session) reads it with getHeader().
        this.declareLength(
          chunk === undefined ? 0 : typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength,
        );
      }
    }
    return this.end(chunk);
  }

  /** Sends a value as JSON (application/json; charset=utf-8 unless a type is set). */
  json(body: unknown): this {
    const text = JSON.stringify(body) ?? '';
    if (!this.#defaultType('application/json; charset=utf-8')) this.#utf8Charset();
    return this.#sendChunk(text);
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

  /** Redirects: `redirect(url)` (302) or `redirect(status, url)`, with a short text or HTML body. */
  redirect(url: string): void;
  redirect(status: number, url: string): void;
  redirect(statusOrUrl: number | string, maybeUrl?: string): void {
    const status = typeof statusOrUrl === 'number' ? statusOrUrl : 302;
    const url = typeof statusOrUrl === 'number' ? maybeUrl : statusOrUrl;
    if (typeof url !== 'string')
      throw new TypeError('res.redirect() needs a URL: redirect(url) or redirect(status, url)');
    this.location(url);
    this.status(status);
    const address = this.getHeader('Location') as string;
    const reason = statusText(status) ?? String(status);
    // As Express 5 (through res.format): the body depends on Accept, so the response varies by it.
    this.vary('Accept');
    const type = this.req.accepts('text/plain', 'text/html');
    if (type === 'text/html') {
      this.setHeader('Content-Type', 'text/html; charset=utf-8');
      // As Express 5: the address as escaped text, not a link.
      this.send(
        `<!DOCTYPE html><head><title>${reason}</title></head><body><p>${reason}. Redirecting to ${escapeHtml(address)}</p></body>`,
      );
    } else if (type === 'text/plain') {
      this.setHeader('Content-Type', 'text/plain; charset=utf-8');
      this.send(`${reason}. Redirecting to ${address}`);
    } else {
      // A client that accepts neither gets no body, and so no Content-Type either.
      this.#sendChunk('');
    }
  }

  /**
   * Answers by content negotiation, as Express's `res.format()`: calls the handler of the type
   * the client accepts best (keys like `json`, `html`, `text/plain`), after setting that
   * Content-Type; else `default`; else 406 through `next()`. Adds `Vary: Accept`.
   */
  format(handlers: Record<string, (req: AppRequest, res: AppResponse, next: NextFunction) => void>): this {
    const req = this.req;
    const next: NextFunction = req.next ?? (() => undefined);
    const offers = Object.keys(handlers).filter((key) => key !== 'default');
    const chosen = offers.length > 0 ? req.accepts(offers) : false;
    this.vary('Accept');
    const handler = chosen === false ? handlers.default : handlers[chosen];
    if (chosen !== false) {
      const type = normalizeType(chosen) ?? chosen;
      // As Express sets it here: with the charset mime-types gives the type.
      this.setHeader('Content-Type', contentType(type) || type);
    }
    if (handler !== undefined) handler(req, this, next);
    else {
      const types = offers.map((offer) => normalizeType(offer) ?? offer);
      next(Object.assign(new HttpError(406, statusText(406)), { types }));
    }
    return this;
  }

  /** Adds fields to the Vary header, once each. */
  vary(field: string | readonly string[]): this {
    const current = this.getHeader('Vary');
    const existing = (typeof current === 'string' ? current : (current ?? []).join(', '))
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (existing.includes('*')) return this;
    const lower = new Set(existing.map((name) => name.toLowerCase()));
    for (const name of typeof field === 'string' ? field.split(',') : field) {
      const trimmed = name.trim();
      if (trimmed === '' || lower.has(trimmed.toLowerCase())) continue;
      if (trimmed === '*') {
        this.setHeader('Vary', '*');
        return this;
      }
      existing.push(trimmed);
      lower.add(trimmed.toLowerCase());
    }
    if (existing.length > 0) this.setHeader('Vary', existing.join(', '));
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

  /** Adds a Set-Cookie header; `maxAge` is in milliseconds, `path` defaults to `/`. */
  cookie(name: string, value: unknown, options: CookieOptions = {}): this {
    // As Express: only objects (null included) are JSON with the `j:` prefix; numbers and booleans are text.
    const text = typeof value === 'object' ? `j:${JSON.stringify(value)}` : String(value);
    this.appendHeader('Set-Cookie', serializeCookie(name, text, options));
    return this;
  }

  /** Expires a cookie (same `path` and `domain` as it was set with). */
  clearCookie(name: string, options: CookieOptions = {}): this {
    const { maxAge: _maxAge, ...rest } = options;
    return this.cookie(name, '', { ...rest, expires: new Date(0) });
  }

  /** Sets Content-Disposition to attachment (with the file name, and its type when a name is given). */
  attachment(filename?: string): this {
    if (filename === undefined) {
      this.setHeader('Content-Disposition', 'attachment');
      return this;
    }
    const name = filename.split(/[\\/]/).pop() ?? filename;
    this.type(name.includes('.') ? name.slice(name.lastIndexOf('.')) : 'bin');
    this.setHeader('Content-Disposition', createDisposition(name));
    return this;
  }

  /**
   * Sends a file as a download, as Express's `res.download(path, [filename], [options], [callback])`:
   * `Content-Disposition: attachment` with `filename` (the file's own name by default); a
   * relative path without `root` is resolved from the working directory.
   */
  download(
    path: string,
    filename?: string | SendFileOptions | SendFileCallback,
    options?: SendFileOptions | SendFileCallback,
    callback?: SendFileCallback,
  ): Promise<void> {
    const args = [filename, options, callback];
    const name = typeof args[0] === 'string' ? (args.shift() as string) : undefined;
    const settings = typeof args[0] === 'object' && args[0] !== null ? (args.shift() as SendFileOptions) : {};
    const done = typeof args[0] === 'function' ? (args[0] as SendFileCallback) : undefined;
    // As Express: the header goes out with the file only, not on the answer to a missing one;
    // the app's own headers cannot replace it.
    const headers: NonNullable<SendFileOptions['headers']> = {};
    for (const [field, value] of Object.entries(settings.headers ?? {})) {
      if (field.toLowerCase() !== 'content-disposition') headers[field] = value;
    }
    headers['Content-Disposition'] = createDisposition(basename(name ?? path));
    const fullPath = settings.root === undefined ? resolve(path) : path;
    return this.sendFile(fullPath, { ...settings, headers }, done);
  }

  /**
   * Streams a file (see SendFileOptions). With a callback, the callback gets the outcome;
   * without, a failure goes to `next(err)` of the running handler (a missing file → 404).
   * The promise settles when the file was sent or the failure was handed on.
   */
  sendFile(
    path: string,
    options?: SendFileOptions | SendFileCallback,
    callback?: SendFileCallback,
  ): Promise<void> {
    const settings = typeof options === 'function' ? {} : (options ?? {});
    const done = typeof options === 'function' ? options : callback;
    const next = this.req.next;
    this.responding = true;
    return sendFile(this, path, settings).then(
      () => {
        this.responding = false;
        done?.();
      },
      (error: unknown) => {
        this.responding = false;
        if (done) done(error);
        else if (next) next(error);
        else throw error;
      },
    );
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
    if (typeof type !== 'string' || type.endsWith('charset=utf-8')) return;
    const charset = mediaTypeParameter(type, 'charset');
    if (charset === undefined || charset.toLowerCase() === 'utf-8') return;
    this.setHeader('Content-Type', type.replace(CHARSET_PARAMETER, 'charset=utf-8'));
  }
}
