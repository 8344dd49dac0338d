/** One request of a challenge stage and the response it must get, written once for every transport. */
export interface Scenario {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  expect: {
    status: number;
    reason: string;
    /** Headers that must be present with exactly these values. */
    headers?: Record<string, string>;
    /** Headers that must not be present at all. */
    absent?: string[];
    /** The body after gunzip when Content-Encoding is gzip. */
    body?: string;
    gzip?: boolean;
  };
}

/** The challenge's stages, one scenario each (files scenarios use the `fixture.txt` the tests create). */
export const scenarios: Scenario[] = [
  {
    name: 'root',
    method: 'GET',
    path: '/',
    expect: { status: 200, reason: 'OK', headers: { 'content-length': '0' }, body: '' },
  },
  {
    name: 'unknown path',
    method: 'GET',
    path: '/abcdefg',
    expect: { status: 404, reason: 'Not Found' },
  },
  {
    name: 'echo',
    method: 'GET',
    path: '/echo/abc',
    expect: {
      status: 200,
      reason: 'OK',
      headers: { 'content-type': 'text/plain', 'content-length': '3' },
      absent: ['content-encoding'],
      body: 'abc',
    },
  },
  {
    name: 'user-agent',
    method: 'GET',
    path: '/user-agent',
    headers: { 'User-Agent': 'foobar/1.2.3' },
    expect: {
      status: 200,
      reason: 'OK',
      headers: { 'content-type': 'text/plain', 'content-length': '12' },
      body: 'foobar/1.2.3',
    },
  },
  {
    name: 'read a file',
    method: 'GET',
    path: '/files/fixture.txt',
    expect: {
      status: 200,
      reason: 'OK',
      headers: { 'content-type': 'application/octet-stream', 'content-length': '13' },
      body: 'Hello, World!',
    },
  },
  {
    name: 'missing file',
    method: 'GET',
    path: '/files/non_existent_file',
    expect: { status: 404, reason: 'Not Found' },
  },
  {
    name: 'upload a file',
    method: 'POST',
    path: '/files/uploaded.txt',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: '12345 hello',
    expect: { status: 201, reason: 'Created', headers: { 'content-length': '0' } },
  },
  {
    name: 'gzip',
    method: 'GET',
    path: '/echo/abc',
    headers: { 'Accept-Encoding': 'gzip' },
    expect: {
      status: 200,
      reason: 'OK',
      headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
      body: 'abc',
      gzip: true,
    },
  },
  {
    name: 'gzip among other encodings',
    method: 'GET',
    path: '/echo/pineapple',
    headers: { 'Accept-Encoding': 'encoding-1, gzip, encoding-2' },
    expect: {
      status: 200,
      reason: 'OK',
      headers: { 'content-encoding': 'gzip' },
      body: 'pineapple',
      gzip: true,
    },
  },
  {
    name: 'only an unknown encoding',
    method: 'GET',
    path: '/echo/abc',
    headers: { 'Accept-Encoding': 'invalid-encoding' },
    expect: { status: 200, reason: 'OK', absent: ['content-encoding'], body: 'abc' },
  },
  {
    name: 'only unknown encodings',
    method: 'GET',
    path: '/echo/abc',
    headers: { 'Accept-Encoding': 'encoding-1, encoding-2' },
    expect: { status: 200, reason: 'OK', absent: ['content-encoding'], body: 'abc' },
  },
];

/** Headers no response of the demo may carry: the challenge's tester fails stock servers by them. */
export const forbiddenHeaders = ['date', 'server', 'transfer-encoding'];
