// Errors: thrown, rejected, next(err); status, statusCode, expose and headers; error
// middleware order; errors in error handlers.

import type { NextFunction, Request, Response } from 'express';
import type { AppCase } from '../types.js';

/** An error as http-errors makes them: a status, `expose` for 4xx, optional headers. */
function httpError(status: number, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: status < 500 }, extra);
}

/** Errors reaching the final handler. */
export const errorCases: AppCase[] = [
  {
    name: 'errors to the final handler',
    build(app) {
      app.get('/throw', () => {
        throw new Error('boom');
      });
      app.get('/async', async () => {
        await Promise.resolve();
        throw new Error('async boom');
      });
      app.get('/next', (_req, _res, next) => next(new Error('passed')));
      app.get('/status/:code', (req, _res, next) => next(httpError(Number(req.params.code), 'with status')));
      app.get('/status-code-only', (_req, _res, next) =>
        next(Object.assign(new Error('sc'), { statusCode: 418 })),
      );
      app.get('/status-string', (_req, _res, next) => next(Object.assign(new Error('s'), { status: '404' })));
      app.get('/status-200', (_req, _res, next) => next(Object.assign(new Error('s'), { status: 200 })));
      app.get('/status-600', (_req, _res, next) => next(Object.assign(new Error('s'), { status: 600 })));
      app.get('/expose-5xx', (_req, _res, next) => next(httpError(503, 'exposed?', { expose: true })));
      app.get('/unexposed-4xx', (_req, _res, next) => next(httpError(400, 'secret', { expose: false })));
      app.get('/headers', (_req, _res, next) =>
        next(httpError(429, 'slow down', { headers: { 'Retry-After': '30', 'X-Limit': 5 } })),
      );
      app.get('/headers-no-status', (_req, _res, next) =>
        next(Object.assign(new Error('h'), { headers: { 'X-Should-Not': 'appear' } })),
      );
      app.get('/res-status', (_req, res, next) => {
        res.status(503);
        next(new Error('res status'));
      });
      app.get('/res-status-200', (_req, res, next) => {
        res.status(201);
        next(new Error('res status 201'));
      });
      app.get('/string', (_req, _res, next) => next('a string error' as unknown as Error));
      app.get('/object', (_req, _res, next) =>
        next({ status: 409, message: 'plain object' } as unknown as Error),
      );
      app.get('/headers-kept', (_req, res, next) => {
        res.set('Access-Control-Allow-Origin', '*');
        res.set('Content-Type', 'application/json');
        res.set('Content-Language', 'fr');
        res.set('Content-Disposition', 'attachment');
        res.set('X-Own', '1');
        next(httpError(400, 'bad'));
      });
      app.get('/bad-status', (_req, res) => {
        res.status(1000).send('never');
      });
      app.get('/throw-null', () => {
        throw null;
      });
      app.get('/throw-undefined', () => {
        throw undefined;
      });
      app.get('/reject-undefined', () => Promise.reject(undefined));
      app.get('/after-write', (_req, res, next) => {
        res.write('partial');
        next(new Error('too late'));
      });
    },
    requests: [
      'GET /throw',
      'HEAD /throw',
      'GET /async',
      'GET /next',
      'GET /status/400',
      'GET /status/401',
      'GET /status/404',
      'GET /status/418',
      'GET /status/422',
      'GET /status/500',
      'GET /status/502',
      'GET /status/399',
      'GET /status-code-only',
      'GET /status-string',
      'GET /status-200',
      'GET /status-600',
      'GET /expose-5xx',
      'GET /unexposed-4xx',
      'GET /headers',
      'GET /headers-no-status',
      'GET /res-status',
      'GET /res-status-200',
      'GET /string',
      'GET /object',
      'GET /headers-kept',
      'GET /bad-status',
      'GET /throw-null',
      'GET /throw-undefined',
      'GET /reject-undefined',
      'GET /after-write',
    ],
  },
  {
    name: 'error middleware',
    build(app, { Router }) {
      app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
        res.status(500).send(`too early: ${err.message}`);
      });
      app.get('/caught', () => {
        throw httpError(409, 'conflict');
      });
      app.get('/async-caught', async () => {
        throw httpError(410, 'gone');
      });
      app.get('/rethrow', () => {
        throw new Error('first');
      });
      app.get('/recover', () => {
        throw new Error('recoverable');
      });
      app.get(
        '/skip-normal',
        (_req, _res, next) => next(new Error('skips')),
        (_req: Request, res: Response) => {
          res.send('never');
        },
      );
      const router = Router();
      router.get('/inner', () => {
        throw httpError(400, 'inner');
      });
      router.use((err: Error & { status?: number }, req: Request, res: Response, next: NextFunction) => {
        if (req.query.pass === '1') return next(err);
        res.status(err.status ?? 500).json({ handledBy: 'router', message: err.message });
      });
      app.use('/r', router);
      app.use((err: Error, req: Request, _res: Response, next: NextFunction) => {
        if (req.path === '/rethrow') throw new Error(`second after ${err.message}`);
        if (req.path === '/recover') return next();
        next(err);
      });
      app.get('/recover', (_req, res) => {
        res.send('recovered');
      });
      app.get('/async-error-handler', () => {
        throw new Error('to the async handler');
      });
      app.use(async (err: Error, req: Request, _res: Response, next: NextFunction) => {
        if (req.path !== '/async-error-handler') return next(err);
        await Promise.resolve();
        throw httpError(422, `async handler failed on ${err.message}`);
      });
      app.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
        res.status(err.status ?? 500).json({ handledBy: 'app', message: err.message });
      });
    },
    requests: [
      'GET /caught',
      'GET /async-caught',
      'GET /rethrow',
      'GET /recover',
      'GET /skip-normal',
      'GET /r/inner',
      'GET /r/inner?pass=1',
      'GET /async-error-handler',
      'HEAD /caught',
    ],
  },
];
