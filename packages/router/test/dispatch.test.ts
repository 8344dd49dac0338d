import { type AppRequest, type AppResponse, type NextFunction, Router } from '@skiff/router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_SYNC_LAYERS } from '../src/dispatch.js';
import { fakeRequest, fakeResponse } from './helpers/fake.js';

/** Runs a router on a fake request; resolves with the error the stack ended with (or undefined). */
function run(router: Router, req: AppRequest, res: AppResponse = fakeResponse()): Promise<unknown> {
  return new Promise((resolve) => router.handle(req, res, resolve));
}

function hits(trace: string[], name: string) {
  return (_req: AppRequest, _res: AppResponse, next: NextFunction) => {
    trace.push(name);
    next();
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('dispatch', () => {
  it('runs matching layers in order and ends the stack with no error', async () => {
    const trace: string[] = [];
    const router = Router();
    router.use(hits(trace, 'a'));
    router.get('/x', hits(trace, 'b'), hits(trace, 'c'));
    router.post('/x', hits(trace, 'never'));
    router.use('/x', hits(trace, 'd'));
    expect(await run(router, fakeRequest('GET', '/x'))).toBeUndefined();
    expect(trace).toEqual(['a', 'b', 'c', 'd']);
  });

  it("next('route') skips the rest of the route; next('router') leaves the router", async () => {
    const trace: string[] = [];
    const inner = Router();
    inner.use((_req, _res, next) => {
      trace.push('inner');
      next('router');
    });
    inner.use(hits(trace, 'never'));
    const router = Router();
    router.get(
      '/x',
      (_req, _res, next) => {
        trace.push('first');
        next('route');
      },
      hits(trace, 'skipped'),
    );
    router.get('/x', hits(trace, 'second'));
    router.use(inner);
    router.use(hits(trace, 'after'));
    await run(router, fakeRequest('GET', '/x'));
    expect(trace).toEqual(['first', 'second', 'inner', 'after']);
  });

  it('skips request handlers while an error is pending and error handlers while none is', async () => {
    const trace: string[] = [];
    const failure = new Error('boom');
    const router = Router();
    router.use((_error: unknown, _req: AppRequest, _res: AppResponse, next: NextFunction) => {
      trace.push('early error handler');
      next();
    });
    router.use(() => {
      throw failure;
    });
    router.use(hits(trace, 'skipped'));
    router.get('/x', hits(trace, 'skipped route'));
    router.use((error: unknown, _req: AppRequest, _res: AppResponse, next: NextFunction) => {
      trace.push(`handled ${(error as Error).message}`);
      next(error);
    });
    expect(await run(router, fakeRequest('GET', '/x'))).toBe(failure);
    expect(trace).toEqual(['handled boom']);
  });

  it('turns a rejected promise into next(err)', async () => {
    const router = Router();
    router.use(async () => {
      await Promise.resolve();
      throw new Error('later');
    });
    expect(await run(router, fakeRequest('GET', '/'))).toMatchObject({ message: 'later' });
  });

  it('trims the mount prefix inside a router and restores it after', async () => {
    const seen: string[] = [];
    const inner = Router();
    inner.use((req, _res, next) => {
      seen.push(`${req.baseUrl} ${req.url}`);
      next();
    });
    const router = Router();
    router.use('/api', inner);
    router.use((req, _res, next) => {
      seen.push(`${req.baseUrl} ${req.url}`);
      next();
    });
    await run(router, fakeRequest('GET', '/api?q=1'));
    expect(seen).toEqual(['/api /?q=1', ' /api?q=1']);
  });

  it('warns and ignores a second next() call', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const trace: string[] = [];
    const router = Router();
    router.get('/twice', (_req, _res, next) => {
      next();
      next();
    });
    router.use(hits(trace, 'once'));
    await run(router, fakeRequest('GET', '/twice'));
    expect(trace).toEqual(['once']);
    expect(warning).toHaveBeenCalledOnce();
    expect(String(warning.mock.calls[0]?.[0])).toMatch(
      /next\(\) was called more than once by the handler for GET \/twice.*Call next\(\) once/,
    );
  });

  it('hops to setImmediate in a long synchronous chain instead of overflowing the stack', async () => {
    const router = Router();
    let count = 0;
    const layers = 20_000;
    for (let index = 0; index < layers; index += 1) {
      router.use((_req, _res, next) => {
        count += 1;
        next();
      });
    }
    expect(await run(router, fakeRequest('GET', '/'))).toBeUndefined();
    expect(count).toBe(layers);
    expect(MAX_SYNC_LAYERS).toBe(100);
  });

  it('keeps params per request: layers store nothing', async () => {
    const router = Router();
    const seen: string[] = [];
    router.get('/users/:id', async (req, _res, next) => {
      const id = req.params.id;
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(`${id}=${req.params.id}`);
      next();
    });
    await Promise.all([
      run(router, fakeRequest('GET', '/users/1')),
      run(router, fakeRequest('GET', '/users/2')),
    ]);
    expect(seen.sort()).toEqual(['1=1', '2=2']);
  });
});
