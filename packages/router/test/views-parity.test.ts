// Views (app.engine, the views settings, app.render, res.render) side by side with Express 5,
// with real engines (ejs, pug) and custom ones.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorRequestHandler, Express } from 'express';
import { afterAll, beforeAll, expect } from 'vitest';
import { temporaryViews } from './helpers/views.js';
import { type AppLike, errorAsJson, sideBySide } from './middleware/side-by-side.js';

const views = fileURLToPath(new URL('./fixtures/views/', import.meta.url));
const ejsViews = join(views, 'ejs');
const pugViews = join(views, 'pug');

/** The scenarios are written against Express's types; the Skiff app is handed over under the same type. */
function full(app: AppLike): Express {
  return app as unknown as Express;
}

type EngineCallback = (error: unknown, html?: string) => void;

/** A small engine of our own: `{{name}}` replaced by the local of that name. */
function curlies(path: string, options: object, callback: EngineCallback): void {
  const locals = options as Record<string, unknown>;
  readFile(path, 'utf8').then(
    (text) =>
      callback(
        null,
        text.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => String(locals[key])),
      ),
    (error: unknown) => callback(error),
  );
}

/** Only what an error tells about itself in both frameworks when the messages differ on purpose. */
const statusAndCode: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const { code } = (error ?? {}) as { code?: unknown };
  res.status(500).json({ code });
};

// Loading pug (and its compiler) can take longer than a request's deadline on a busy machine: load
// the engines once before the scenarios, into the require cache both frameworks load them from.
beforeAll(() => {
  const load = createRequire(import.meta.url);
  load('ejs');
  (load('pug') as { renderFile(path: string, locals: object): string }).renderFile(
    join(pugViews, 'page.pug'),
    {
      title: '',
      items: [],
      raw: '',
    },
  );
}, 30_000);

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
});

sideBySide(
  'res.render() with ejs: locals, includes, name/index lookup, an extension given, an absolute name, HEAD',
  (app) => {
    const express = full(app);
    express.set('views', ejsViews);
    express.set('view engine', 'ejs');
    app.get('/', (_req, res) => {
      res.render('index', { title: 'Home <1>', user: { name: 'Ada & co' }, items: ['one', 'two'] });
    });
    app.get('/users', (_req, res) => {
      res.render('users');
    });
    app.get('/explicit', (_req, res) => {
      res.render('escape.ejs', { text: '<b>bold</b>', html: '<i>kept</i>' });
    });
    app.get('/absolute', (_req, res) => {
      res.render(join(ejsViews, 'escape'), { text: 'abs', html: '' });
    });
  },
  async ({ agent }) => {
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.text).toContain('<h1>Home &lt;1&gt;</h1>');
    expect(home.text).toContain('Hello, Ada &amp; co!');
    expect(home.text).toContain('<li>one</li><li>two</li>');
    expect((await agent.get('/users')).text).toContain('users index (ejs)');
    expect((await agent.get('/explicit')).text).toBe(
      '<p>&lt;b&gt;bold&lt;/b&gt;</p><div><i>kept</i></div>\n',
    );
    expect((await agent.get('/absolute')).text).toContain('<p>abs</p>');
    const head = await agent.head('/');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(home.headers['content-length']);
  },
);

sideBySide(
  'locals merge as Express: app.locals, then res.locals, then the options; cache follows the setting',
  (app) => {
    const express = full(app);
    express.set('views', ejsViews);
    express.set('view engine', 'ejs');
    express.locals.a = 'app';
    express.locals.b = 'app';
    express.locals.c = 'app';
    app.use((_req, res, next) => {
      res.locals.b = 'res';
      res.locals.c = 'res';
      next();
    });
    app.get('/', (_req, res) => {
      res.render('locals', { c: 'options' });
    });
    app.get('/cached', (_req, res) => {
      res.render('locals', { c: 'options', cache: true });
    });
    app.get('/setting', (_req, res) => {
      res.render('locals', (error: Error | null, html?: string) => {
        res.json({ error: error?.message, html });
      });
    });
    app.get('/app-render', (_req, res, next) => {
      express.render('locals', { b: 'given' }, (error: Error | null, html?: string) => {
        if (error) next(error);
        else res.type('text/plain').send(html);
      });
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/')).text).toBe('a=app b=res c=options cache=false\n');
    expect((await agent.get('/cached')).text).toBe('a=app b=res c=options cache=true\n');
    expect((await agent.get('/setting')).body).toEqual({ html: 'a=app b=res c=res cache=false\n' });
    // app.render() knows no response: only app.locals and the options.
    expect((await agent.get('/app-render')).text).toBe('a=app b=given c=app cache=false\n');
  },
  // res.type('text/plain'): Express adds a charset, Skiff sets the type as given (README).
  { ignore: ['content-type'] },
);

sideBySide(
  'res.render() with pug: a layout, a block and an include',
  (app) => {
    const express = full(app);
    express.set('views', pugViews);
    express.set('view engine', 'pug');
    app.get('/', (_req, res) => {
      res.render('page', { title: 'Pug page', items: ['a', 'b'], raw: '<em>raw</em>' });
    });
  },
  async ({ agent }) => {
    const page = await agent.get('/');
    expect(page.status).toBe(200);
    expect(page.text).toBe(
      '<!DOCTYPE html><html><head><title>Pug page</title></head><body><nav><a href="/">Home</a></nav><h1>Pug page</h1><ul><li>a</li><li>b</li></ul><p><em>raw</em></p></body></html>',
    );
  },
);

sideBySide(
  'a missing view, a name without an extension or engine, a template that throws: errors go to the error handlers',
  (app) => {
    const express = full(app);
    express.set('views', ejsViews);
    app.get('/missing', (_req, res) => {
      res.render('nope.ejs');
    });
    app.get('/no-engine', (_req, res) => {
      res.render('index');
    });
    app.get('/broken', (_req, res) => {
      res.render('broken.ejs');
    });
    app.get('/not-an-engine', (_req, res) => {
      // mime-types is installed (for both frameworks), but is no template engine.
      res.render('page.mime-types');
    });
    app.get('/dirs', (_req, res) => {
      express.set('views', [ejsViews, join(views, 'second'), join(views, 'shared')]);
      res.render('nope.ejs');
    });
    app.get('/one-dir-array', (_req, res) => {
      express.set('views', [join(views, 'second')]);
      res.render('nope.ejs');
    });
    app.use(errorAsJson);
  },
  async ({ agent }) => {
    const missing = await agent.get('/missing');
    expect(missing.status).toBe(500);
    expect(missing.body.message).toBe(`Failed to lookup view "nope.ejs" in views directory "${ejsViews}"`);
    expect((await agent.get('/no-engine')).body.message).toBe(
      'No default engine was specified and no extension was provided.',
    );
    expect((await agent.get('/not-an-engine')).body.message).toBe(
      'Module "mime-types" does not provide a view engine.',
    );
    const broken = await agent.get('/broken');
    expect(broken.status).toBe(500);
    expect(broken.body.message).toContain('missing is not defined');
    expect((await agent.get('/dirs')).body.message).toBe(
      `Failed to lookup view "nope.ejs" in views directories "${ejsViews}", "${join(views, 'second')}" or "${join(views, 'shared')}"`,
    );
    expect((await agent.get('/one-dir-array')).body.message).toBe(
      `Failed to lookup view "nope.ejs" in views directory "${join(views, 'second')}"`,
    );
  },
);

sideBySide(
  'an extension with no engine installed: a 500 with MODULE_NOT_FOUND',
  (app) => {
    full(app).set('views', ejsViews);
    app.get('/', (_req, res) => {
      res.render('page.skiffnoengine');
    });
    app.use(statusAndCode);
  },
  async ({ agent }) => {
    const response = await agent.get('/');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ code: 'MODULE_NOT_FOUND' });
  },
);

sideBySide(
  'app.engine() without the dot, as the view engine',
  (app) => {
    const express = full(app);
    express.set('views', join(views, 'html'));
    express.engine('html', curlies);
    express.set('view engine', 'html');
    app.get('/', (_req, res) => {
      res.render('custom', { greeting: 'Hi', name: 'Ada' });
    });
  },
  async ({ agent }) => {
    const response = await agent.get('/');
    expect(response.text).toBe('<p>Hi, Ada</p>\n');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  },
);

sideBySide(
  'app.engine() with the dot, then without (one key); a sync answer arrives after render() returns; an error, a throw',
  (app) => {
    const express = full(app);
    express.set('views', join(views, 'html'));
    express.engine('.html', curlies);
    let mode = 'sync';
    express.engine('html', (path, options, callback) => {
      if (mode === 'sync') callback(null, `sync ${String((options as { name?: unknown }).name)}`);
      else if (mode === 'fails') callback(new Error('engine said no'));
      else if (mode === 'throws') throw new Error('engine threw');
      else curlies(path, options, callback);
    });
    app.get('/:mode', (req, res) => {
      mode = req.params.mode;
      res.render('custom.html', { name: 'Ada', greeting: 'Hello' });
      // A thrown error is answered at once; an answer waits for the next tick, so this header goes out with it.
      if (!res.headersSent) res.set('X-After-Render', 'yes');
    });
    app.use(errorAsJson);
  },
  async ({ agent }) => {
    const sync = await agent.get('/sync');
    expect(sync.text).toBe('sync Ada');
    expect(sync.headers['x-after-render']).toBe('yes');
    const fails = await agent.get('/fails');
    expect(fails.status).toBe(500);
    expect(fails.body.message).toBe('engine said no');
    expect((await agent.get('/throws')).body.message).toBe('engine threw');
    expect((await agent.get('/async')).text).toBe('<p>Hello, Ada</p>\n');
  },
);

sideBySide(
  'an array of views directories: searched in order; ejs includes resolved through settings.views',
  (app) => {
    const express = full(app);
    express.set('views', [ejsViews, join(views, 'second'), join(views, 'shared')]);
    express.set('view engine', 'ejs');
    app.get('/second', (_req, res) => {
      res.render('only-second', { title: 'two' });
    });
    app.get('/footer', (_req, res) => {
      res.render('with-footer', { title: 'main' });
    });
    app.get('/first', (_req, res) => {
      res.render('users');
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/second')).text).toBe('<p>from the second directory: two</p>\n');
    expect((await agent.get('/footer')).text).toBe('<main>main</main>\n<footer>shared footer</footer>\n\n');
    expect((await agent.get('/first')).text).toContain('users index');
  },
);

sideBySide(
  "'view cache': a view found once is kept by name; without it, each render looks again",
  (app) => {
    const express = full(app);
    const dirs = temporaryViews(cleanups);
    express.set('views', [dirs.first, dirs.second]);
    express.engine('tpl', (path, options, callback) => {
      callback(
        null,
        `${path.startsWith(dirs.first) ? 'first' : 'second'} cache=${String((options as { cache?: unknown }).cache)}`,
      );
    });
    app.get('/:name', (req, res) => {
      res.render(`${req.params.name}.tpl`);
    });
    app.get('/setting/:on', (req, res) => {
      express.set('view cache', req.params.on === 'on');
      res.json({ setting: express.get('view cache') });
    });
    return dirs;
  },
  async ({ agent, context }) => {
    await context.write('second', 'kept.tpl');
    await context.write('second', 'fresh.tpl');
    expect((await agent.get('/setting/on')).body).toEqual({ setting: true });
    expect((await agent.get('/kept')).text).toBe('second cache=true');
    await agent.get('/setting/off');
    expect((await agent.get('/fresh')).text).toBe('second cache=false');
    await context.write('first', 'kept.tpl');
    await context.write('first', 'fresh.tpl');
    // 'kept' was cached while the setting was on: a render with cache on still finds it in second.
    await agent.get('/setting/on');
    expect((await agent.get('/kept')).text).toBe('second cache=true');
    await agent.get('/setting/off');
    expect((await agent.get('/fresh')).text).toBe('first cache=false');
    // With the setting off, the cached view is not read either.
    expect((await agent.get('/kept')).text).toBe('first cache=false');
  },
);

sideBySide(
  'the view settings start as in Express (outside production: no view cache, views in ./views)',
  (app) => {
    const express = full(app);
    app.get('/', (_req, res) => {
      res.json({
        views: express.get('views'),
        cache: express.get('view cache') ?? 'unset',
        engine: express.get('view engine') ?? 'unset',
        viewIsAClass: typeof express.get('view'),
      });
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/')).body).toEqual({
      views: join(process.cwd(), 'views'),
      cache: 'unset',
      engine: 'unset',
      viewIsAClass: 'function',
    });
  },
);

sideBySide(
  'res.render() with a callback: the HTML or the error is the handler’s to send',
  (app) => {
    const express = full(app);
    express.set('views', ejsViews);
    express.set('view engine', 'ejs');
    app.get('/upper', (_req, res) => {
      res.render('escape', { text: 'up', html: '' }, (error: Error | null, html?: string) => {
        if (error) res.status(500).send('failed');
        else res.send(String(html).toUpperCase());
      });
    });
    app.get('/missing', (_req, res) => {
      res.render('nope', (error: Error | null) => {
        res.status(404).send(error ? error.message.replace(ejsViews, 'VIEWS') : 'found');
      });
    });
  },
  async ({ agent }) => {
    expect((await agent.get('/upper')).text).toBe('<P>UP</P><DIV></DIV>\n');
    const missing = await agent.get('/missing');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('Failed to lookup view "nope" in views directory "VIEWS"');
  },
);
