import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';

/**
 * A template engine, as Express calls one: renders the file at `path` with `options` (the
 * merged locals) and calls back with the HTML. ejs's and pug's `__express` are engines.
 */
export type Engine = (
  path: string,
  options: Record<string, unknown>,
  callback: (error: unknown, html?: string) => void,
) => void;

/** Called once a view is rendered: with the error, or with null and the HTML. */
export type RenderCallback = (error: Error | null, html?: string) => void;

/** What a View is made with: Express's `new View(name, { defaultEngine, root, engines })`. */
export interface ViewOptions {
  /** The 'view engine' setting: the extension of a name that has none. */
  readonly defaultEngine?: string | undefined;
  /** The 'views' setting: one directory or several, searched in order. */
  readonly root: string | readonly string[];
  /** The app's engines by extension ('.ejs'); a loaded engine is added to it. */
  readonly engines: Record<string, Engine>;
}

/** A view's shape as rendering uses it, so that `app.set('view', MyView)` works as in Express. */
export interface ViewLike {
  /** The file found, or undefined when the lookup failed. */
  readonly path?: string | undefined;
  /** The directories searched (for the lookup error). */
  readonly root?: unknown;
  /** Renders the file with the merged locals. */
  render(options: Record<string, unknown>, callback: (error: unknown, html?: string) => void): void;
}

/** A class that makes views: the 'view' setting. */
export type ViewClass = new (name: string, options: ViewOptions) => ViewLike;

/**
 * One template, found on disk as Express's View finds it: `name` with its extension (the
 * default engine's when it has none), in each views directory in turn, as `name.ext` then
 * `name/index.ext`. An absolute name ignores the directories.
 */
export class View implements ViewLike {
  /** The name as asked for. */
  readonly name: string;
  /** The extension, with its dot. */
  readonly ext: string;
  /** The 'view engine' setting it was made with. */
  readonly defaultEngine: string | undefined;
  /** The views directory or directories searched. */
  readonly root: string | readonly string[];
  /** The engine that renders this extension. */
  readonly engine: Engine;
  /** The file found, or undefined. */
  readonly path: string | undefined;

  constructor(name: string, options: ViewOptions) {
    this.name = name;
    this.root = options.root;
    this.defaultEngine = options.defaultEngine;
    let ext = extname(name);
    let fileName = name;
    if (ext === '') {
      if (!this.defaultEngine) {
        throw new Error('No default engine was specified and no extension was provided.');
      }
      ext = this.defaultEngine.startsWith('.') ? this.defaultEngine : `.${this.defaultEngine}`;
      fileName += ext;
    }
    this.ext = ext;
    const engine = options.engines[ext] ?? loadEngine(ext.slice(1));
    options.engines[ext] = engine;
    this.engine = engine;
    this.path = this.#lookup(fileName);
  }

  /** Renders with the engine; the callback is called once (see `renderWith`). */
  render(options: Record<string, unknown>, callback: (error: unknown, html?: string) => void): void {
    // The engine's path is a string whenever rendering reaches here (a failed lookup stops before).
    renderWith(this.engine, this.path ?? '', options, callback);
  }

  #lookup(fileName: string): string | undefined {
    const roots: readonly string[] = typeof this.root === 'string' ? [this.root] : this.root;
    for (const root of roots) {
      const location = resolve(root, fileName);
      const found = this.#resolve(dirname(location), basename(location));
      if (found !== undefined) return found;
    }
    return undefined;
  }

  #resolve(dir: string, file: string): string | undefined {
    const direct = join(dir, file);
    if (isFile(direct)) return direct;
    const index = join(dir, basename(file, this.ext), `index${this.ext}`);
    if (isFile(index)) return index;
    return undefined;
  }
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * Calls an engine as Express does, with two guards: a synchronous throw becomes the
 * callback's error, and the callback runs once (an engine that calls back and then throws, or
 * calls back twice, does not answer twice). An engine's synchronous answer is delivered on the
 * next tick, as Express delivers it, so the caller's code after `render()` runs first.
 */
export function renderWith(
  engine: Engine,
  path: string,
  options: Record<string, unknown>,
  callback: (error: unknown, html?: string) => void,
): void {
  let called = false;
  let sync = true;
  const once = (error: unknown, html?: string): void => {
    if (called) return;
    called = true;
    if (sync) process.nextTick(callback, error, html);
    else callback(error, html);
  };
  try {
    engine(path, options, once);
  } catch (error) {
    // As Express: a throw is answered at once (only an engine's own answer waits for the next tick).
    if (!called) {
      called = true;
      callback(error);
    }
  }
  sync = false;
}

/**
 * Loads the engine for an extension as Express does, `require(ext).__express`, from the app's
 * working directory first (the app's own dependencies), then from where Skiff is installed
 * (where Express itself would look). Skiff is an ES module, so it uses `createRequire`; an
 * engine that is an ES module loads through require() too (Node 20.19+, 22.12+), and its
 * `__express` may be a named export or on its default export.
 */
export function loadEngine(moduleName: string): Engine {
  const loaded = requireFromApp(moduleName) as
    | { __express?: unknown; default?: { __express?: unknown } }
    | undefined;
  const engine = loaded?.__express ?? loaded?.default?.__express;
  if (typeof engine !== 'function') throw new Error(`Module "${moduleName}" does not provide a view engine.`);
  return engine as Engine;
}

function requireFromApp(moduleName: string): unknown {
  const places = [join(process.cwd(), 'index.js'), import.meta.url];
  let lastError: unknown;
  for (const place of places) {
    try {
      return createRequire(place)(moduleName);
    } catch (error) {
      // Only "not found from here" tries the next place; an engine that fails as it loads is the answer.
      if (!isNotFound(error, moduleName)) throw error;
      lastError = error;
    }
  }
  throw Object.assign(
    new Error(
      `Cannot find module '${moduleName}' to render ".${moduleName}" views: install it (npm install ${moduleName}), ` +
        `or register an engine for the extension with app.engine('${moduleName}', fn).`,
      { cause: lastError },
    ),
    { code: 'MODULE_NOT_FOUND' },
  );
}

function isNotFound(error: unknown, moduleName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${moduleName}'`);
}

/** Express's lookup error: names every directory searched. */
export function lookupError(name: string, view: ViewLike): Error {
  const root = view.root;
  const dirs =
    Array.isArray(root) && root.length > 1
      ? `directories "${root.slice(0, -1).join('", "')}" or "${String(root[root.length - 1])}"`
      : `directory "${String(root)}"`;
  return Object.assign(new Error(`Failed to lookup view "${name}" in views ${dirs}`), { view });
}

/**
 * The view settings an app starts with, as Express's: 'view' (the View class), 'views' (`views`
 * in the working directory) and, in production only, 'view cache' on (elsewhere it is unset).
 */
export function viewSettingDefaults(env: unknown): [name: string, value: unknown][] {
  const defaults: [name: string, value: unknown][] = [
    ['view', View],
    ['views', resolve('views')],
  ];
  if (env === 'production') defaults.push(['view cache', true]);
  return defaults;
}

/** What rendering needs from an app. */
export interface RenderHost {
  /** Reads a setting ('view', 'views', 'view engine', 'view cache'). */
  set(name: string): unknown;
  /** The app's locals, merged first. */
  readonly locals: Record<string, unknown>;
  /** Engines by extension. */
  readonly engines: Record<string, Engine>;
  /** Views kept by name while caching. */
  readonly cache: Record<string, ViewLike>;
  /** The settings by Express's names, which templates read as `settings` (ejs finds includes through `settings.views`). */
  settingsObject(): Record<string, unknown>;
}

/**
 * Express's `app.render()`: merges app.locals, `options._locals` (res.locals) and `options`,
 * finds the view (from the cache when 'view cache' or `options.cache` says so) and renders it.
 * Making the view throws as in Express (no extension and no 'view engine', an engine module
 * that is missing); a failed lookup or a failed render goes to the callback.
 */
export function renderView(host: RenderHost, name: string, options: object, callback: RenderCallback): void {
  const given = options as Record<string, unknown>;
  const merged: Record<string, unknown> = {
    settings: host.settingsObject(),
    ...host.locals,
    ...(given._locals as Record<string, unknown> | undefined),
    ...given,
  };
  // As Express: `cache` unset (or null) follows the 'view cache' setting.
  merged.cache ??= Boolean(host.set('view cache'));
  let view = merged.cache ? host.cache[name] : undefined;
  if (view === undefined) {
    const setting = host.set('view');
    const Maker: ViewClass = typeof setting === 'function' ? (setting as ViewClass) : View;
    view = new Maker(name, {
      defaultEngine: host.set('view engine') as string | undefined,
      root: host.set('views') as string | readonly string[],
      engines: host.engines,
    });
    if (!view.path) {
      callback(lookupError(name, view));
      return;
    }
    if (merged.cache) host.cache[name] = view;
  }
  // Once, whatever a custom View does; the error goes on as the engine gave it, as in Express.
  let called = false;
  const once = (error: unknown, html?: string): void => {
    if (called) return;
    called = true;
    callback(error as Error | null, html);
  };
  try {
    view.render(merged, once);
  } catch (error) {
    once(error);
  }
}
