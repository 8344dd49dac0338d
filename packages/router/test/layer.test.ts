import { describe, expect, it } from 'vitest';
import { HttpError, Router } from '../src/index.js';
import { Layer } from '../src/layer.js';

const options = { caseSensitive: false, strict: false };
const noop = () => undefined;

/** The layer a router builds for a route at `path`. */
function routeLayer(path: string, routerOptions = {}): Layer {
  const router = Router(routerOptions);
  router.get(path, noop);
  return router.stack[0] as Layer;
}

describe('Layer.match', () => {
  it('returns params and the matched path, or undefined', () => {
    const layer = routeLayer('/users/:id');
    expect(layer.match('/users/42')).toEqual({ params: { id: '42' }, path: '/users/42' });
    expect(layer.match('/users/42/')).toEqual({ params: { id: '42' }, path: '/users/42/' });
    expect(layer.match('/users')).toBeUndefined();
    expect(layer.match('/users/42/more')).toBeUndefined();
  });

  it('matches a prefix at a segment boundary for middleware', () => {
    const layer = new Layer('/api', { kind: 'handler', handle: noop }, options);
    expect(layer.match('/api/x')?.path).toBe('/api');
    expect(layer.match('/API')?.path).toBe('/API');
    expect(layer.match('/apix')).toBeUndefined();
    expect(new Layer('/', { kind: 'handler', handle: noop }, options).match('/anything')).toEqual({
      params: {},
      path: '',
    });
  });

  it('honours caseSensitive and strict', () => {
    const layer = routeLayer('/Users', { caseSensitive: true, strict: true });
    expect(layer.match('/users')).toBeUndefined();
    expect(layer.match('/Users/')).toBeUndefined();
    expect(layer.match('/Users')).toBeDefined();
  });

  it('decodes params and answers a malformed %-escape with a 400', () => {
    const layer = routeLayer('/files/:name');
    expect(layer.match('/files/a%20b')?.params).toEqual({ name: 'a b' });
    expect(() => layer.match('/files/%E0%A4%A')).toThrow(HttpError);
    try {
      layer.match('/files/%zz');
    } catch (error) {
      expect((error as HttpError).status).toBe(400);
    }
  });

  it('gives wildcards as arrays of segments', () => {
    const layer = routeLayer('/files/*rest');
    expect(layer.match('/files/a/b%2Fc')?.params).toEqual({ rest: ['a', 'b/c'] });
  });
});

describe('Layer.match with RegExp paths, as Express 5 router 2', () => {
  const cases: {
    path: RegExp | (string | RegExp)[];
    kind: 'route' | 'middleware';
    pathname: string;
    expected: { params: Record<string, string>; path: string } | undefined;
  }[] = [
    { path: /^\/a(\d+)$/, kind: 'route', pathname: '/a12', expected: { params: { 0: '12' }, path: '/a12' } },
    { path: /^\/a(\d+)$/, kind: 'route', pathname: '/A12', expected: undefined },
    {
      path: /^\/(?<a>x)(y)(?:z)(w)?$/,
      kind: 'route',
      pathname: '/xyz',
      expected: { params: { a: 'x', 0: 'y' }, path: '/xyz' },
    },
    {
      path: /^\/t\/(.*)$/,
      kind: 'route',
      pathname: '/t/a%2Fb',
      expected: { params: { 0: 'a/b' }, path: '/t/a%2Fb' },
    },
    { path: /^\/t\/(.*)$/, kind: 'route', pathname: '/t/', expected: { params: { 0: '' }, path: '/t/' } },
    { path: /^\/v\d/, kind: 'middleware', pathname: '/v1/x', expected: { params: {}, path: '/v1' } },
    { path: /^\/v\d/, kind: 'middleware', pathname: '/v12', expected: undefined },
    { path: /\/b/, kind: 'middleware', pathname: '/a/b', expected: undefined },
    {
      path: ['/s/:id', /^\/r(\d)$/],
      kind: 'route',
      pathname: '/r5',
      expected: { params: { 0: '5' }, path: '/r5' },
    },
    {
      path: ['/s/:id', /^\/r(\d)$/],
      kind: 'route',
      pathname: '/s/5',
      expected: { params: { id: '5' }, path: '/s/5' },
    },
  ];
  for (const { path, kind, pathname, expected } of cases) {
    it(`${kind} ${String(path)} on ${pathname}`, () => {
      const target = kind === 'route' ? routeLayer('/').target : { kind: 'handler' as const, handle: noop };
      expect(new Layer(path, target, options).match(pathname)).toEqual(expected);
    });
  }
});

describe('Express 4 paths', () => {
  const cases: { path: string; message: RegExp }[] = [
    { path: '*', message: /use `\/\*splat` \(or `\/\{\*splat\}` to match the root too\)/ },
    { path: '/*', message: /use `\/\*splat` \(or `\/\{\*splat\}`/ },
    { path: '/files/*', message: /use `\/files\/\*splat`/ },
    { path: '/users/:id?', message: /use `\/users\{\/:id\}`.*optional parameter/ },
    { path: '/:path*', message: /use `\/\*path`/ },
    { path: '/:id(\\d+)', message: /use `\/:id`.*no regular expressions/ },
    { path: '/(\\d+)', message: /no regular expressions/ },
  ];
  for (const { path, message } of cases) {
    it(`refuses ${path} at registration, naming the v8 form`, () => {
      expect(() => Router().get(path, noop)).toThrow(message);
    });
  }

  it('names the argument that is not a handler', () => {
    expect(() => Router().get('/x', noop, undefined as never)).toThrow(
      /get\("\/x"\): argument 3 is undefined, not a handler/,
    );
    expect(() => Router().use('/x', 'oops' as never)).toThrow(
      /use\("\/x"\): argument 2 is string "oops", not a handler/,
    );
    expect(() => Router().get('/x')).toThrow(/no handler was given/);
  });
});
