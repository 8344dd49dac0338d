// 'trust proxy' in every form Express takes, checked side by side with Express 5: req.ip,
// req.ips, req.protocol, req.secure, req.host and req.hostname. The test peer is 127.0.0.1.

import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import skiff, { type AppRequest } from '@skiff/router';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { full, sameKind, withoutPort } from './helpers/full-app.js';
import { type Agent, close, sideBySide, within } from './middleware/side-by-side.js';

/** What the request helpers answered, ports taken out (the two servers listen on different ones). */
function seen(req: AppRequest | express.Request) {
  return {
    ip: req.ip,
    ips: req.ips,
    protocol: req.protocol,
    secure: req.secure,
    host: withoutPort(req.host),
    hostname: req.hostname,
  };
}

/** Header sets sent to each app: forwarded chains of several hops, IPv6 and IPv4-mapped entries, odd values. */
const requests: readonly Record<string, string>[] = [
  {},
  { 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'example.com:8443' },
  { 'X-Forwarded-For': '203.0.113.9, 10.0.0.1, 127.0.0.2', 'X-Forwarded-Proto': 'https' },
  { 'X-Forwarded-For': '2001:db8::1, ::ffff:10.0.0.5, fe80::1, ::1' },
  { 'X-Forwarded-For': 'unknown, , 10.0.0.1,127.0.0.3 ', 'X-Forwarded-Proto': ' HTTPS , http' },
  { 'X-Forwarded-Host': 'a.example , b.example', 'X-Forwarded-Proto': '' },
  { Host: '[::1]:3000' },
  { Host: '[::1]', 'X-Forwarded-Host': 'example.org' },
];

async function sendAll(agent: Agent, observe: (label: string, value: unknown) => void): Promise<void> {
  for (const [index, headers] of requests.entries()) {
    const response = await agent.get('/').set(headers);
    expect(response.status).toBe(200);
    observe(`request ${index}`, response.body);
  }
}

const settings: readonly [string, unknown][] = [
  ['false', false],
  ['true', true],
  ['a hop count of 0', 0],
  ['a hop count of 1', 1],
  ['a hop count of 2', 2],
  ['a hop count of 3', 3],
  ["'loopback'", 'loopback'],
  ['the peer address', '127.0.0.1'],
  ['a CIDR containing the peer', '127.0.0.0/8'],
  ['a netmask containing the peer', '127.0.0.1/255.0.0.0'],
  ['a comma-separated list', 'loopback, 10.0.0.0/8'],
  ['an array of names', ['loopback', 'uniquelocal']],
  ['the peer written IPv4-mapped', '::ffff:127.0.0.1'],
  ['an IPv4-mapped subnet', '::ffff:127.0.0.0/104'],
  ['an IPv6 range, which an IPv4 peer is not in', 'fe80::/10'],
  ["'linklocal', which the peer is not", 'linklocal'],
];

describe('trust proxy', () => {
  for (const [title, value] of settings) {
    sideBySide(
      `trusting ${title}`,
      (app) => {
        full(app).set('trust proxy', value);
        app.get('/', (req, res) => {
          res.json(seen(req));
        });
      },
      ({ agent, observe }) => sendAll(agent, observe),
    );
  }

  sideBySide(
    'trusting a function, called with each address and its hop',
    (app) => {
      const calls: string[] = [];
      full(app).set('trust proxy', (address: string, hop: number) => {
        calls.push(`${address}@${hop}`);
        return address === '127.0.0.1' || address.startsWith('10.');
      });
      app.get('/', (req, res) => {
        calls.length = 0;
        const answer = seen(req);
        res.json({ ...answer, calls });
      });
    },
    ({ agent, observe }) => sendAll(agent, observe),
  );

  sideBySide(
    "a mounted app uses its parent's 'trust proxy' unless it set its own",
    (app) => {
      const inheriting = sameKind(app);
      inheriting.get('/', (req, res) => {
        res.json({ ip: req.ip, setting: req.app.get('trust proxy') });
      });
      const own = sameKind(app);
      own.set('trust proxy', false);
      own.get('/', (req, res) => {
        res.json({ ip: req.ip, setting: req.app.get('trust proxy') });
      });
      app.use('/inheriting', inheriting);
      app.use('/own', own);
      // Set after mounting: the mounted app reads it through its parent.
      full(app).set('trust proxy', 'loopback');
    },
    async ({ agent }) => {
      const forwarded = { 'X-Forwarded-For': '203.0.113.9' };
      expect((await agent.get('/inheriting').set(forwarded)).body).toEqual({
        ip: '203.0.113.9',
        setting: 'loopback',
      });
      expect((await agent.get('/own').set(forwarded)).body).toEqual({ ip: '127.0.0.1', setting: false });
    },
  );
});

describe('trust proxy: the values themselves', () => {
  it('refuses an address it cannot read, with the message Express gives', () => {
    for (const value of ['not-an-ip', '10.0.0.0/33', '']) {
      let expected: unknown;
      try {
        express().set('trust proxy', value);
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(TypeError);
      expect(() => skiff().set('trust proxy', value)).toThrow((expected as Error).message);
    }
  });

  it("keeps the value as set, and stores the compiled form as 'trust proxy fn'", () => {
    const app = skiff();
    app.set('trust proxy', 'loopback, 10.0.0.0/8');
    expect(app.get('trust proxy')).toBe('loopback, 10.0.0.0/8');
    expect(app.settings.trustProxy).toBe('loopback, 10.0.0.0/8');
    const trust = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
    expect([trust('127.0.0.1', 0), trust('10.1.2.3', 1), trust('192.168.0.1', 0)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('takes the same forms as the trustProxy option of skiff()', async () => {
    const cases: [unknown, string][] = [
      ['loopback', '10.0.0.1'],
      [1, '10.0.0.1'],
      [2, '203.0.113.9'],
      [['127.0.0.0/8', '10.0.0.0/8'], '203.0.113.9'],
      [(address: string) => address === '127.0.0.1', '10.0.0.1'],
      [false, '127.0.0.1'],
    ];
    for (const [trustProxy, ip] of cases) {
      const app = skiff({ trustProxy: trustProxy as never });
      app.get('/', (req, res) => res.send(req.ip));
      const response = await request(app).get('/').set('X-Forwarded-For', '203.0.113.9, 10.0.0.1');
      expect(response.text, String(trustProxy)).toBe(ip);
    }
  });

  it('does not warn for a hop count or an address list any more', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      skiff().set('trust proxy', 1).set('trust proxy', 'loopback');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });
});

describe('trust proxy: a peer on IPv6 (::1)', () => {
  /** Answers of an app on `::1`, for each 'trust proxy' value; skipped where the host has no IPv6 loopback. */
  async function answersOn(kind: 'express' | 'skiff'): Promise<unknown[]> {
    const answers: unknown[] = [];
    for (const value of [
      true,
      1,
      'loopback',
      '::1/128',
      ['loopback', 'linklocal', 'uniquelocal'],
      '127.0.0.1',
      '::ffff:127.0.0.1',
      'fe80::/10',
    ]) {
      const app = kind === 'express' ? express() : skiff();
      full(app as never).set('trust proxy', value);
      (app as express.Express).get('/', (req, res) => {
        res.json({ ...seen(req), host: req.host });
      });
      const server: Server =
        kind === 'express' ? createServer(app as express.Express) : (app as unknown as Server);
      await within(
        2000,
        new Promise<void>((resolve, reject) => {
          server.once('error', reject).listen(0, '::1', () => resolve());
        }),
        'listen on ::1',
      );
      const { port } = server.address() as AddressInfo;
      try {
        const response = await request(`http://[::1]:${port}`)
          .get('/')
          .set('Host', 'site.example')
          .set('X-Forwarded-For', '203.0.113.9, ::ffff:10.0.0.1, fe80::1')
          .set('X-Forwarded-Proto', 'https')
          .timeout(2000);
        answers.push([value, response.body]);
      } finally {
        await close(server);
      }
    }
    return answers;
  }

  it('is judged as Express judges it', async () => {
    const expected = await answersOn('express');
    expect(JSON.stringify(expected)).toContain('"ip":"::1"');
    expect(await answersOn('skiff')).toEqual(expected);
  });
});
