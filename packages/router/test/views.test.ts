// The view system's own edges: lookup, engine loading, the guards on engines, and the API's types.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Engine, skiff, View, type ViewOptions } from '@skiff/router';
import ejs from 'ejs';
import pug from 'pug';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';

const views = fileURLToPath(new URL('./fixtures/views/', import.meta.url));
const ejsViews = join(views, 'ejs');

/** app.render() as a promise of [error, html]. */
function renderOf(
  app: ReturnType<typeof skiff>,
  name: string,
  options: object = {},
): Promise<[unknown, unknown]> {
  return new Promise((resolve) => {
    app.render(name, options, (error, html) => resolve([error, html]));
  });
}

function viewOptions(root: ViewOptions['root'], engines: Record<string, Engine> = {}): ViewOptions {
  return { root, engines: { '.ejs': ejs.renderFile as Engine, ...engines } };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('View', () => {
  it('finds name.ext, then name/index.ext, in each directory in turn', () => {
    expect(new View('index.ejs', viewOptions(ejsViews)).path).toBe(join(ejsViews, 'index.ejs'));
    expect(new View('users.ejs', viewOptions(ejsViews)).path).toBe(join(ejsViews, 'users', 'index.ejs'));
    const both = viewOptions([join(views, 'second'), ejsViews]);
    expect(new View('users.ejs', both).path).toBe(join(ejsViews, 'users', 'index.ejs'));
    expect(new View('only-second.ejs', both).path).toBe(join(views, 'second', 'only-second.ejs'));
  });

  it("takes the default engine's extension for a bare name, with or without its dot", () => {
    for (const defaultEngine of ['ejs', '.ejs']) {
      const view = new View('index', { ...viewOptions(ejsViews), defaultEngine });
      expect(view.ext).toBe('.ejs');
      expect(view.path).toBe(join(ejsViews, 'index.ejs'));
    }
  });

  it('takes an absolute name as it is, and leaves path undefined when nothing is found', () => {
    expect(new View(join(ejsViews, 'locals.ejs'), viewOptions('/nowhere')).path).toBe(
      join(ejsViews, 'locals.ejs'),
    );
    expect(new View('nope.ejs', viewOptions(ejsViews)).path).toBeUndefined();
    // A directory named like the view is not a view.
    expect(new View('partials.ejs', viewOptions(ejsViews)).path).toBeUndefined();
  });

  it('throws without an extension or a default engine, and for a module that is no engine', () => {
    expect(() => new View('index', viewOptions(ejsViews))).toThrow(
      'No default engine was specified and no extension was provided.',
    );
    // mime-types is installed, but has no __express.
    expect(() => new View('page.mime-types', viewOptions(ejsViews))).toThrow(
      'Module "mime-types" does not provide a view engine.',
    );
  });

  it('names the fix when no module serves the extension', () => {
    let thrown: unknown;
    try {
      new View('page.html', viewOptions(ejsViews));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'MODULE_NOT_FOUND',
      message:
        "Cannot find module 'html' to render \".html\" views: install it (npm install html), or register an engine for the extension with app.engine('html', fn).",
    });
  });

  it("loads an engine from the app's working directory first, and keeps it in the engines", () => {
    const project = mkdtempSync(join(tmpdir(), 'skiff-engine-'));
    try {
      mkdirSync(join(project, 'node_modules', 'ejs'), { recursive: true });
      writeFileSync(
        join(project, 'node_modules', 'ejs', 'index.js'),
        'exports.__express = (path, options, callback) => callback(null, "from the app");\n',
      );
      vi.spyOn(process, 'cwd').mockReturnValue(project);
      const engines: Record<string, Engine> = {};
      const view = new View('index.ejs', { root: ejsViews, engines });
      expect(engines['.ejs']).toBe(view.engine);
      const answer = vi.fn();
      view.engine('', {}, answer);
      expect(answer).toHaveBeenCalledWith(null, 'from the app');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('an engine that is an ES module', () => {
  it('is loaded through require(), its __express a named export or on the default export', () => {
    const project = mkdtempSync(join(tmpdir(), 'skiff-engine-'));
    try {
      const sources = {
        named: 'export const __express = (path, options, callback) => callback(null, "named");\n',
        defaulted: 'export default { __express: (path, options, callback) => callback(null, "default") };\n',
      };
      for (const [name, source] of Object.entries(sources)) {
        const dir = join(project, 'node_modules', name);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, type: 'module', main: 'index.js' }));
        writeFileSync(join(dir, 'index.js'), source);
      }
      vi.spyOn(process, 'cwd').mockReturnValue(project);
      for (const [ext, answer] of [
        ['named', 'named'],
        ['defaulted', 'default'],
      ]) {
        const callback = vi.fn();
        new View(`page.${ext}`, { root: project, engines: {} }).engine('', {}, callback);
        expect(callback).toHaveBeenCalledWith(null, answer);
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('app.engine() and app.render()', () => {
  it('takes ejs.renderFile and pug.renderFile as engines (types included)', async () => {
    const app = skiff();
    app.set('views', views);
    app.engine('ejs', ejs.renderFile);
    app.engine('.pug', pug.renderFile);
    expect(Object.keys(app.engines)).toEqual(['.ejs', '.pug']);
    const [error, html] = await renderOf(app, 'ejs/locals.ejs', { a: 1, b: 2, c: 3 });
    expect(error).toBeNull();
    expect(html).toBe('a=1 b=2 c=3 cache=false\n');
    const [, page] = await renderOf(app, 'pug/page.pug', { title: 't', items: [], raw: '' });
    expect(page).toContain('<title>t</title>');
  });

  it('refuses an engine that is not a function', () => {
    expect(() => skiff().engine('ejs', 'ejs' as unknown as Engine)).toThrow('callback function required');
  });

  it('needs a callback', () => {
    const render = skiff().render as (name: string) => void;
    expect(() => render.call(skiff(), 'index')).toThrow(TypeError);
  });

  it('calls back once, when the engine calls back twice or calls back and then throws', async () => {
    const app = skiff();
    app.set('views', ejsViews);
    app.engine('ejs', (_path, _options, callback) => {
      callback(null, 'first');
      callback(null, 'second');
      throw new Error('after the answer');
    });
    const callback = vi.fn();
    app.render('index.ejs', callback);
    expect(callback).not.toHaveBeenCalled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(callback.mock.calls).toEqual([[null, 'first']]);
  });

  it('gives templates the settings under Express names', async () => {
    const app = skiff();
    app.set('views', ejsViews);
    app.set('view engine', 'ejs');
    app.engine('ejs', (_path, options, callback) => {
      const settings = options.settings as Record<string, unknown>;
      callback(null, `${String(settings.views)} ${String(settings['view engine'])} ${String(settings.env)}`);
    });
    expect(await renderOf(app, 'index')).toEqual([null, `${ejsViews} ejs test`]);
  });

  it("uses the 'view' setting's class, as Express does", async () => {
    const app = skiff();
    class Fixed {
      readonly path = '/anything';
      constructor(readonly name: string) {}
      render(_options: Record<string, unknown>, callback: (error: unknown, html?: string) => void): void {
        callback(null, `fixed ${this.name}`);
      }
    }
    app.set('view', Fixed);
    expect(await renderOf(app, 'whatever')).toEqual([null, 'fixed whatever']);
  });

  it("turns 'view cache' on in production", () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(skiff().enabled('view cache')).toBe(true);
    vi.stubEnv('NODE_ENV', 'development');
    expect(skiff().get('view cache')).toBeUndefined();
  });
});

describe('res.render()', () => {
  it("leaves the caller's locals object as it was", async () => {
    const app = skiff();
    app.set('views', ejsViews);
    const locals = { a: 1, b: 2, c: 3 };
    app.get('/', (_req, res) => {
      res.render('locals.ejs', locals);
    });
    const response = await request(app).get('/').timeout(2000);
    expect(response.text).toBe('a=1 b=2 c=3 cache=false\n');
    expect(locals).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('keeps a Content-Type the handler set', async () => {
    const app = skiff();
    app.set('views', ejsViews);
    app.get('/', (_req, res) => {
      res.type('text/plain');
      res.render('locals.ejs', { a: 1, b: 2, c: 3 });
    });
    const response = await request(app).get('/').timeout(2000);
    expect(response.headers['content-type']).toBe('text/plain');
  });
});
