import {
  applyHttpSetting,
  defaultHttpSettings,
  HTTP_SETTING_DEFAULTS,
  HTTP_SETTING_DERIVED,
  type HttpSettings,
} from './http-settings.js';

/** Router settings of an app, with their defaults. */
export interface AppSettings {
  /** `/Users` and `/users` are different paths. Default false. */
  caseSensitive: boolean;
  /** `/users/` and `/users` are different paths. Default false. */
  strict: boolean;
  /** Error responses carry the stack trace, and async handlers that never respond are reported. Default false. */
  dev: boolean;
  /** Believe X-Forwarded-For/-Host/-Proto (behind a proxy you run). Default false. */
  trustProxy: boolean;
}

/** Express's names for the settings Skiff acts on. */
const NAMES = {
  trustProxy: 'trust proxy',
  caseSensitive: 'case sensitive routing',
  strict: 'strict routing',
} as const;

/**
 * Express's settings table, as `app.set(name, value)` and `app.get(name)` use it. Any name
 * may be stored (middleware keeps its own settings there); 'trust proxy', 'case sensitive
 * routing' and 'strict routing' also change the app's behaviour, through `apply`; 'etag',
 * 'query parser', 'json …', 'jsonp callback name' and 'subdomain offset' are compiled into
 * `http` (see http-settings.ts).
 */
export class SettingsTable {
  readonly #values = new Map<string, unknown>();
  /** @internal The response and request settings, compiled when set (see http-settings.ts). */
  readonly http: HttpSettings = defaultHttpSettings();

  constructor(settings: Readonly<AppSettings>) {
    for (const [name, value] of [...HTTP_SETTING_DEFAULTS, ...HTTP_SETTING_DERIVED])
      this.#values.set(name, value);
    this.#values.set(NAMES.trustProxy, settings.trustProxy);
    this.#values.set(NAMES.caseSensitive, settings.caseSensitive);
    this.#values.set(NAMES.strict, settings.strict);
    // As Express: an empty NODE_ENV counts as unset.
    this.#values.set('env', process.env.NODE_ENV || 'development');
    // Skiff sends no X-Powered-By; the setting says so.
    this.#values.set('x-powered-by', false);
  }

  /** The value stored under `name`, or undefined. */
  get(name: string): unknown {
    return this.#values.get(name);
  }

  /**
   * Stores a value. Returns the change to the router settings it makes, if any: 'trust proxy'
   * takes true or false (Skiff trusts every proxy or none; other forms are stored and warned of).
   */
  set(name: string, value: unknown): Partial<AppSettings> {
    // Compiled first: a value Express refuses (an unknown 'etag') throws before anything changes.
    const derived = applyHttpSetting(this.http, name, value);
    this.#values.set(name, value);
    for (const [derivedName, derivedValue] of Object.entries(derived))
      this.#values.set(derivedName, derivedValue);
    switch (name) {
      case NAMES.trustProxy:
        if (typeof value !== 'boolean') {
          process.emitWarning(
            `app.set('trust proxy', ${JSON.stringify(value)}): Skiff trusts all proxies (true) or none (false); proxies are not trusted. Set true when every client reaches the app through proxies you run.`,
            'SkiffWarning',
          );
        }
        return { trustProxy: value === true };
      case NAMES.caseSensitive:
        return { caseSensitive: Boolean(value) };
      case NAMES.strict:
        return { strict: Boolean(value) };
      default:
        return {};
    }
  }
}
