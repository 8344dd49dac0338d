// Every req helper, echoed as JSON: query, params, path, hostname, ip, protocol, xhr,
// get/header, is, accepts*.

import type { Request } from 'express';
import type { AppCase } from '../types.js';

function describe(req: Request): Record<string, unknown> {
  return {
    method: req.method,
    url: req.url,
    originalUrl: req.originalUrl,
    baseUrl: req.baseUrl,
    path: req.path,
    query: req.query,
    params: req.params,
    host: req.host,
    hostname: req.hostname,
    ip: req.ip,
    ips: req.ips,
    protocol: req.protocol,
    secure: req.secure,
    xhr: req.xhr,
  };
}

/** Request helper cases. */
export const requestCases: AppCase[] = [
  {
    name: 'req basics',
    build(app) {
      app.all('/echo{/*rest}', (req, res) => {
        res.json(describe(req));
      });
    },
    requests: [
      'GET /echo',
      'GET /echo/a/b?x=1&y=2',
      { name: 'query forms', line: 'GET /echo?a=1&a=2&b=&c&d=x%20y&e=x+y&f[g]=1&h=%zz&=empty' },
      { name: 'query only', line: 'GET /echo?' },
      { name: 'query unicode', line: 'GET /echo?n=%E2%82%AC&m=%C3' },
      { name: 'query semicolons', line: 'GET /echo?a=1;b=2' },
      { name: 'host with port', line: 'GET /echo', headers: { Host: 'example.test:8080' } },
      { name: 'host upper case', line: 'GET /echo', headers: { Host: 'Example.TEST' } },
      { name: 'host IPv6', line: 'GET /echo', headers: { Host: '[::1]:3000' } },
      { name: 'host IPv6 bare', line: 'GET /echo', headers: { Host: '[::1]' } },
      { name: 'xhr', line: 'GET /echo', headers: { 'X-Requested-With': 'XMLHttpRequest' } },
      { name: 'xhr lower', line: 'GET /echo', headers: { 'X-Requested-With': 'xmlhttprequest' } },
      { name: 'xhr other', line: 'GET /echo', headers: { 'X-Requested-With': 'fetch' } },
      { name: 'post echo', line: 'POST /echo/p?z=1', body: 'ignored' },
    ],
  },
  {
    name: 'req.get and header',
    build(app) {
      app.get('/h', (req, res) => {
        res.json({
          accept: req.get('Accept') ?? null,
          custom: req.header('x-custom') ?? null,
          referer: req.get('Referer') ?? null,
          referrer: req.get('referrer') ?? null,
          host: req.get('host') ?? null,
          contentType: req.get('content-type') ?? null,
          missing: req.get('x-missing') ?? null,
          setCookie: req.get('set-cookie') ?? null,
          repeated: req.get('x-repeat') ?? null,
        });
      });
    },
    requests: [
      'GET /h',
      {
        name: 'custom headers',
        line: 'GET /h',
        headers: { Accept: 'text/html', 'X-Custom': ' padded ', Referer: 'http://a.test/' },
      },
      { name: 'referrer spelling', line: 'GET /h', headers: { Referrer: 'http://b.test/' } },
      {
        name: 'repeated header',
        method: 'GET',
        raw: 'GET /h HTTP/1.1\r\nHost: example.test\r\nX-Repeat: one\r\nX-Repeat: two\r\nAccept: a/b\r\nAccept: c/d\r\n\r\n',
      },
    ],
  },
  {
    name: 'req.is',
    build(app) {
      app.post('/is', (req, res) => {
        res.json({
          json: req.is('json'),
          appJson: req.is('application/json'),
          wildcard: req.is('application/*'),
          text: req.is('text/*'),
          html: req.is('html'),
          list: req.is(['html', 'json']),
          urlencoded: req.is('urlencoded'),
          multipart: req.is('multipart'),
          plusJson: req.is('+json'),
        });
      });
    },
    requests: [
      { name: 'json', line: 'POST /is', headers: { 'Content-Type': 'application/json' }, body: '{}' },
      {
        name: 'json charset',
        line: 'POST /is',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: '{}',
      },
      {
        name: 'vnd json',
        line: 'POST /is',
        headers: { 'Content-Type': 'application/vnd.api+json' },
        body: '{}',
      },
      { name: 'text', line: 'POST /is', headers: { 'Content-Type': 'text/plain' }, body: 'x' },
      {
        name: 'form',
        line: 'POST /is',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'a=1',
      },
      {
        name: 'multipart',
        line: 'POST /is',
        headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
        body: '--x--',
      },
      { name: 'upper case', line: 'POST /is', headers: { 'Content-Type': 'Application/JSON' }, body: '{}' },
      { name: 'no type', line: 'POST /is', body: 'x' },
      { name: 'no body', line: 'POST /is' },
      {
        name: 'empty body with type',
        line: 'POST /is',
        headers: { 'Content-Type': 'application/json' },
        body: '',
      },
      {
        name: 'chunked',
        line: 'POST /is',
        headers: { 'Content-Type': 'text/html', 'Transfer-Encoding': 'chunked' },
        body: '1\r\nx\r\n0\r\n\r\n',
      },
      { name: 'bad type', line: 'POST /is', headers: { 'Content-Type': 'nonsense' }, body: 'x' },
    ],
  },
  {
    name: 'req.accepts family',
    build(app) {
      app.get('/acc', (req, res) => {
        res.json({
          all: req.accepts(),
          one: req.accepts('html'),
          several: req.accepts(['json', 'html']),
          types: req.accepts('text/plain', 'application/json'),
          png: req.accepts('image/png'),
          encodings: req.acceptsEncodings(),
          gzip: req.acceptsEncodings('gzip', 'br'),
          identity: req.acceptsEncodings('identity'),
          charsets: req.acceptsCharsets(),
          utf8: req.acceptsCharsets('utf-8', 'iso-8859-1'),
          languages: req.acceptsLanguages(),
          en: req.acceptsLanguages('en', 'fr'),
          frCa: req.acceptsLanguages('fr-CA'),
        });
      });
    },
    requests: [
      { name: 'no accept headers', line: 'GET /acc' },
      {
        name: 'browser',
        line: 'GET /acc',
        headers: {
          Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
          'Accept-Encoding': 'gzip, deflate, br',
          'Accept-Language': 'en-US,en;q=0.9,fr;q=0.5',
          'Accept-Charset': 'utf-8, iso-8859-1;q=0.5',
        },
      },
      {
        name: 'json client',
        line: 'GET /acc',
        headers: { Accept: 'application/json', 'Accept-Encoding': 'identity', 'Accept-Language': 'fr' },
      },
      {
        name: 'q zero',
        line: 'GET /acc',
        headers: {
          Accept: 'text/html;q=0, */*',
          'Accept-Encoding': 'gzip;q=0, *',
          'Accept-Language': '*, en;q=0',
        },
      },
      {
        name: 'wildcards',
        line: 'GET /acc',
        headers: { Accept: 'text/*, image/*;q=0.5', 'Accept-Encoding': '*', 'Accept-Charset': '*' },
      },
      {
        name: 'params and ties',
        line: 'GET /acc',
        headers: {
          Accept: 'application/json;q=0.5, text/plain;q=0.5, text/html;level=1',
          'Accept-Language': 'fr-CA, fr;q=0.8',
        },
      },
      { name: 'empty accept', line: 'GET /acc', headers: { Accept: '', 'Accept-Encoding': '' } },
      {
        name: 'garbage accept',
        line: 'GET /acc',
        headers: { Accept: ';;, /, x', 'Accept-Language': ';q=1' },
      },
    ],
  },
];
