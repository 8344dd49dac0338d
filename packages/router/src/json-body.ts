import type { HttpSettings } from './http-settings.js';

/** What `json escape` replaces, so that JSON can sit inside an HTML `<script>` or comment. */
const HTML_SENSITIVE = /[<>&]/g;

function escapeForHtml(char: string): string {
  return char === '<' ? '\\u003c' : char === '>' ? '\\u003e' : '\\u0026';
}

/**
 * A value as JSON text with the app's `json replacer`, `json spaces` and `json escape`, as
 * Express's json() writes it; undefined when JSON has no text for the value (undefined, a function).
 */
export function stringifyJson(value: unknown, settings: Readonly<HttpSettings>): string | undefined {
  const { jsonReplacer, jsonSpaces } = settings;
  // The one-argument call is V8's fast path; the common case takes it.
  const json: string | undefined =
    jsonReplacer || jsonSpaces
      ? JSON.stringify(value, jsonReplacer as (key: string, value: unknown) => unknown, jsonSpaces)
      : JSON.stringify(value);
  if (settings.jsonEscape && json !== undefined) return json.replace(HTML_SENSITIVE, escapeForHtml);
  return json;
}

/** Characters a JSONP callback name keeps; the rest are dropped, so the name cannot inject script. */
const NOT_CALLBACK = /[^[\]\w$.]/g;

/**
 * The JSONP script for a JSON text and the client's callback name, as Express's jsonp() writes
 * it. The leading comment defeats the "Rosetta Flash" attack; the typeof test spares clients an
 * error when the callback is gone. U+2028 and U+2029 are valid in JSON but end a line in older
 * JavaScript, so they are escaped.
 */
export function jsonpScript(json: string | undefined, callbackName: string): string {
  const callback = callbackName.replace(NOT_CALLBACK, '');
  const argument = json === undefined ? '' : json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `/**/ typeof ${callback} === 'function' && ${callback}(${argument});`;
}
