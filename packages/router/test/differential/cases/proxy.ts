// Proxies: X-Forwarded-For, -Proto and -Host with and without `trust proxy`.

import type { Request, Response } from 'express';
import type { AppCase, RequestSpec } from '../types.js';

function network(req: Request, res: Response): void {
  res.json({
    ip: req.ip,
    ips: req.ips,
    protocol: req.protocol,
    secure: req.secure,
    host: req.host,
    hostname: req.hostname,
  });
}

const forwarded: RequestSpec[] = [
  'GET /net',
  { name: 'for one', line: 'GET /net', headers: { 'X-Forwarded-For': '203.0.113.7' } },
  { name: 'for chain', line: 'GET /net', headers: { 'X-Forwarded-For': '203.0.113.7, 198.51.100.2' } },
  { name: 'for spaces', line: 'GET /net', headers: { 'X-Forwarded-For': ' 203.0.113.7 ,198.51.100.2 ' } },
  { name: 'for ipv6', line: 'GET /net', headers: { 'X-Forwarded-For': '2001:db8::1' } },
  { name: 'for garbage', line: 'GET /net', headers: { 'X-Forwarded-For': 'not-an-ip' } },
  { name: 'for empty', line: 'GET /net', headers: { 'X-Forwarded-For': '' } },
  { name: 'proto https', line: 'GET /net', headers: { 'X-Forwarded-Proto': 'https' } },
  { name: 'proto list', line: 'GET /net', headers: { 'X-Forwarded-Proto': 'https, http' } },
  { name: 'proto upper', line: 'GET /net', headers: { 'X-Forwarded-Proto': 'HTTPS' } },
  { name: 'host', line: 'GET /net', headers: { 'X-Forwarded-Host': 'public.test' } },
  { name: 'host with port', line: 'GET /net', headers: { 'X-Forwarded-Host': 'public.test:8443' } },
  { name: 'host list', line: 'GET /net', headers: { 'X-Forwarded-Host': 'a.test, b.test' } },
  { name: 'host ipv6', line: 'GET /net', headers: { 'X-Forwarded-Host': '[2001:db8::1]:8080' } },
  {
    name: 'all three',
    line: 'GET /net',
    headers: {
      'X-Forwarded-For': '203.0.113.7',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'public.test',
    },
  },
];

/** Proxy cases. */
export const proxyCases: AppCase[] = [
  {
    name: 'forwarded headers, trust proxy off',
    build(app) {
      app.get('/net', network);
    },
    requests: forwarded,
  },
  {
    name: 'forwarded headers, trust proxy on',
    build(app) {
      app.set('trust proxy', true);
      app.get('/net', network);
    },
    requests: forwarded,
  },
  {
    name: 'trust proxy as a hop count',
    build(app) {
      app.set('trust proxy', 1);
      app.get('/net', network);
    },
    requests: [
      { name: 'for chain', line: 'GET /net', headers: { 'X-Forwarded-For': '203.0.113.7, 198.51.100.2' } },
      { name: 'proto https', line: 'GET /net', headers: { 'X-Forwarded-Proto': 'https' } },
    ],
  },
];
