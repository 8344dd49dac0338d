import skiff, { type Params, type ParamsOf, type RequestHandler } from '@skiff/router';
import { describe, expectTypeOf, it } from 'vitest';

describe('ParamsOf', () => {
  it('reads named parameters', () => {
    expectTypeOf<ParamsOf<'/users/:id'>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<ParamsOf<'/users/:userId/posts/:postId'>>().toEqualTypeOf<{
      userId: string;
      postId: string;
    }>();
    expectTypeOf<ParamsOf<'/files/:name.:ext'>>().toEqualTypeOf<{ name: string; ext: string }>();
    expectTypeOf<ParamsOf<'/:"quoted name"'>>().toEqualTypeOf<{ 'quoted name': string }>();
  });

  it('makes parameters inside braces optional', () => {
    expectTypeOf<ParamsOf<'/users{/:id}'>>().toEqualTypeOf<{ id?: string }>();
    expectTypeOf<ParamsOf<'/a/:b{/:c{/:d}}'>>().toEqualTypeOf<{ b: string; c?: string; d?: string }>();
  });

  it('types wildcards as arrays of segments', () => {
    expectTypeOf<ParamsOf<'/files/*rest'>>().toEqualTypeOf<{ rest: string[] }>();
    expectTypeOf<ParamsOf<'/{*splat}'>>().toEqualTypeOf<{ splat?: string[] }>();
  });

  it('ignores escaped characters and paths without parameters', () => {
    expectTypeOf<keyof ParamsOf<'/price\\:usd'>>().toEqualTypeOf<never>();
    expectTypeOf<keyof ParamsOf<'/about'>>().toEqualTypeOf<never>();
  });

  it('falls back to loose params for a path that is only known as string', () => {
    expectTypeOf<ParamsOf<string>>().toEqualTypeOf<Params>();
  });

  it('types req.params in handlers from the route path', () => {
    const app = skiff();
    app.get('/users/:id/files/*path', (req, res) => {
      expectTypeOf(req.params).toEqualTypeOf<{ id: string; path: string[] }>();
      res.end();
    });
    app.route('/posts{/:slug}').get((req, res) => {
      expectTypeOf(req.params.slug).toEqualTypeOf<string | undefined>();
      res.end();
    });
    const show: RequestHandler<'/items/:item'> = (req) => {
      expectTypeOf(req.params.item).toEqualTypeOf<string>();
    };
    app.get('/items/:item', show);
  });
});
