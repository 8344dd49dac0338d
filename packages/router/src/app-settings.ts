import {
  applyHttpSetting,
  defaultHttpSettings,
  HTTP_SETTING_DEFAULTS,
  HTTP_SETTING_DERIVED,
  HTTP_SETTING_NAMES,
  type HttpSettings,
} from './http-settings.js';
import { compileTrust, type TrustProxy } from './trust-proxy.js';

/** Router settings of an app, with their defaults. */
export interface AppSettings {
  /** `/Users` and `/users` are different paths. Default false. */
  caseSensitive: boolean;
  /** `/users/` and `/users` are different paths. Default false. */
  strict: boolean;
  /** Error responses carry the stack trace, and async handlers that never respond are reported. Default false. */
  dev: boolean;
  /**
   * Which proxies' X-Forwarded-For/-Host/-Proto to believe, as Express's 'trust proxy': true,
   * a hop count, addresses/CIDRs/'loopback'…, or a function. Default false (none).
   */
  trustProxy: TrustProxy;
}

/** Where the compiled 'trust proxy' is kept, under Express's name for it. */
export const TRUST_FUNCTION = 'trust proxy fn';

/** Express's names for the settings Skiff acts on. */
const NAMES = {
  trustProxy: 'trust proxy',
  caseSensitive: 'case sensitive routing',
  strict: 'strict routing',
} as const;

/**
 * Express's settings table, as `app.set(name, value)` and `app.get(name)` use it. Any name
 * may be stored (middleware keeps its own settings there); 'trust proxy', 'case sensitive
 * routing' and 'strict routing' also change the app's behaviour; 'etag', 'query parser',
 * 'json …', 'jsonp callback name' and 'subdomain offset' are compiled into `http` (see
 * http-settings.ts). A mounted app reads the names it does not store from its parent's table.
 */
export class SettingsTable {
  readonly #values = new Map<string, unknown>();
  /** @internal The response and request settings, compiled when set (see http-settings.ts). */
  readonly http: HttpSettings = defaultHttpSettings();
  /** The mounting app's table: names not stored here are read there, as Express's settings prototype. */
  #parent: SettingsTable | undefined = undefined;
  /** 'trust proxy' was given (option or `set`): a mounted app then keeps its own instead of its parent's. */
  #trustProxyGiven: boolean;
  /** The tables of the apps mounted on this one, which read what they do not store from it. */
  readonly #children = new Set<SettingsTable>();

  constructor(settings: Readonly<Omit<AppSettings, 'trustProxy'>> & { trustProxy?: TrustProxy | undefined }) {
    for (const [name, value] of [...HTTP_SETTING_DEFAULTS, ...HTTP_SETTING_DERIVED])
      this.#values.set(name, value);
    this.#trustProxyGiven = settings.trustProxy !== undefined;
    this.#setTrustProxy(settings.trustProxy ?? false);
    this.#values.set(NAMES.caseSensitive, settings.caseSensitive);
    this.#values.set(NAMES.strict, settings.strict);
    // As Express: an empty NODE_ENV counts as unset.
    this.#values.set('env', process.env.NODE_ENV || 'development');
    // Skiff sends no X-Powered-By; the setting says so.
    this.#values.set('x-powered-by', false);
  }

  /**
   * Every setting under Express's names, the parent's under this app's own, as a new plain
   * object (what Express's templates see as `settings`).
   */
  toObject(): Record<string, unknown> {
    return { ...this.#parent?.toObject(), ...Object.fromEntries(this.#values) };
  }

  /** The value stored under `name` (or, in a mounted app, inherited from its parent), or undefined. */
  get(name: string): unknown {
    if (this.#values.has(name) || this.#parent === undefined) return this.#values.get(name);
    return this.#parent.get(name);
  }

  /**
   * Inherits the mounting app's settings for every name this table does not store, as Express
   * at mount; 'trust proxy' too when this app was not given one of its own.
   */
  inherit(parent: SettingsTable): void {
    this.#parent = parent;
    parent.#children.add(this);
    // The compiled settings follow the parent's for the names this app does not store
    // ('json spaces', 'json replacer', 'json escape': Express gives a new app no value for them).
    for (const name of HTTP_SETTING_NAMES)
      if (!this.#values.has(name)) this.#inheritHttp(name, parent.get(name));
    if (!this.#trustProxyGiven) {
      this.#values.delete(NAMES.trustProxy);
      this.#values.delete(TRUST_FUNCTION);
    }
  }

  /** Compiles a setting this table does not store from its parent's value, and passes it down. */
  #inheritHttp(name: string, value: unknown): void {
    applyHttpSetting(this.http, name, value);
    for (const child of this.#children) if (!child.#values.has(name)) child.#inheritHttp(name, value);
  }

  /** Stores 'trust proxy' and its compiled form (compiled first: a value it cannot read throws and changes nothing). */
  #setTrustProxy(value: unknown): void {
    const trust = compileTrust(value);
    this.#values.set(NAMES.trustProxy, value);
    this.#values.set(TRUST_FUNCTION, trust);
  }

  /**
   * Stores a value. Returns the change to the router settings it makes, if any. 'trust proxy'
   * is compiled here, once, into 'trust proxy fn' (as Express names it).
   */
  set(name: string, value: unknown): Partial<AppSettings> {
    if (name === NAMES.trustProxy) {
      this.#setTrustProxy(value);
      this.#trustProxyGiven = true;
      return {};
    }
    // Compiled first: a value Express refuses (an unknown 'etag') throws before anything changes.
    const derived = applyHttpSetting(this.http, name, value);
    this.#values.set(name, value);
    for (const [derivedName, derivedValue] of Object.entries(derived))
      this.#values.set(derivedName, derivedValue);
    for (const child of this.#children) if (!child.#values.has(name)) child.#inheritHttp(name, value);
    switch (name) {
      case NAMES.caseSensitive:
        return { caseSensitive: Boolean(value) };
      case NAMES.strict:
        return { strict: Boolean(value) };
      default:
        return {};
    }
  }
}
