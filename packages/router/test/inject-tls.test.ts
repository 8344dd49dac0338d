import { createServer as createHttpsServer } from 'node:https';
import { Server as TlsServer } from 'node:tls';
import skiff, {
  App,
  type AppRequest,
  type AppResponse,
  HttpError,
  type NextFunction,
  Router,
} from '@skiff/router';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../core/test/tls/certificate.js';

// The same certificate maker as core's TLS tests (openssl CLI; undefined without it).
const certificate = selfSignedCertificate();
if (certificate === undefined)
  console.warn('Skipping the HTTPS tests: the openssl CLI is needed to make a certificate');
const tls = certificate ?? { key: '', cert: '' };

function hit(n: number) {
  return (_req: AppRequest, res: AppResponse, next: NextFunction) => {
    res.set(`x-hit-${n}`, String(n));
    next();
  };
}

describe.concurrent('app.inject(): routes and middleware without a socket', () => {
  it('runs middleware in order, routes with params, and a body parser', async () => {
    const app = skiff();
    app.use(hit(1));
    app.use(skiff.json());
    const users = Router();
    users.post('/:id', hit(2), (req, res) => {
      res.status(201).json({ id: req.params.id, body: req.body, ip: req.ip });
    });
    app.use('/users', users);
    const response = await app.inject({
      method: 'POST',
      url: '/users/7',
      body: { name: 'Ada' },
      remoteAddress: '192.0.2.1',
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-hit-1']).toBe('1');
    expect(response.headers['x-hit-2']).toBe('2');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({ id: '7', body: { name: 'Ada' }, ip: '192.0.2.1' });
    expect(app.listening).toBe(false);
  });

  it('gives the 404 and the error handler their answers', async () => {
    const app = skiff();
    app.get('/teapot', () => {
      throw new HttpError(418, 'short and stout');
    });
    app.use((error: HttpError, _req: AppRequest, res: AppResponse, _next: NextFunction) => {
      res.status(error.status).send(`handled: ${error.message}`);
    });
    expect((await app.inject({ url: '/teapot' })).body).toBe('handled: short and stout');
    const missing = await app.inject({ url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Cannot GET /nowhere');
  });

  it('answers pipelined raw requests in order with injectAll()', async () => {
    const app = skiff();
    app.get('/:n', (req, res) => {
      res.send(req.params.n);
    });
    const responses = await app.injectAll(
      'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(responses.map((response) => response.body)).toEqual(['1', '2']);
  });
});

describe.skipIf(certificate === undefined).concurrent('HTTPS apps', () => {
  it('says https in req.protocol for a TLS app, in memory too', async () => {
    const app = skiff({ tls });
    app.get('/', (req, res) => {
      res.json({ protocol: req.protocol, secure: req.secure });
    });
    expect((await app.inject({ url: '/' })).json()).toEqual({ protocol: 'https', secure: true });
  });

  it('is an App and a tls.Server, so supertest drives it over https', async () => {
    const app = skiff({ tls });
    app.get('/', (req, res) => {
      res.json({ protocol: req.protocol, secure: req.secure });
    });
    expect(app).toBeInstanceOf(App);
    expect(app).toBeInstanceOf(TlsServer);
    expect(skiff()).not.toBeInstanceOf(TlsServer);
    const response = await request(app).get('/').ca(tls.cert).timeout(2_000);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ protocol: 'https', secure: true });
  });

  it('says what Express 5 says for req.protocol and req.secure over https, trusted proxy or not', async () => {
    const handler = (req: { protocol: string; secure: boolean }, res: { json(body: unknown): unknown }) => {
      res.json({ protocol: req.protocol, secure: req.secure });
    };
    const expressApp = express();
    expressApp.set('trust proxy', true);
    expressApp.get('/', handler);
    const expressServer = createHttpsServer(tls, expressApp);
    const skiffApp = skiff({ tls, trustProxy: true });
    skiffApp.get('/', handler);
    for (const forwarded of [undefined, 'http', 'https']) {
      const ask = (server: typeof expressServer | typeof skiffApp) => {
        const test = request(server).get('/').ca(tls.cert).timeout(2_000);
        return forwarded === undefined ? test : test.set('X-Forwarded-Proto', forwarded);
      };
      const [fromExpress, fromSkiff] = await Promise.all([ask(expressServer), ask(skiffApp)]);
      expect(fromSkiff.status).toBe(fromExpress.status);
      expect(fromSkiff.body).toEqual(fromExpress.body);
      expect(fromSkiff.headers['content-type']).toBe(fromExpress.headers['content-type']);
      expect(fromSkiff.headers['content-length']).toBe(fromExpress.headers['content-length']);
    }
  });
});
