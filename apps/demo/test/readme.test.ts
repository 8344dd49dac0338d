import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { demoFixture } from './fixture.js';
import { requestBytes, WireClient } from './wire.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const fixture = demoFixture();

/** The session the README shows, request by request. */
const session = [
  requestBytes('GET', '/echo/hello'),
  requestBytes('GET', '/echo/abc', { 'Accept-Encoding': 'encoding-1, gzip, encoding-2' }),
  requestBytes('POST', '/files/note.txt', { 'Content-Type': 'application/octet-stream' }, 'hello'),
  requestBytes('GET', '/files/note.txt', { Connection: 'close' }),
];

/** Bytes as the README prints them: printable ASCII as is, anything else as `\xNN`. */
function escapeBytes(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x5c;
    text += printable ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return text;
}

/** One message as transcript lines: each head line with its `\r\n` shown, then the body, if any, on one line. */
function render(prefix: string, bytes: Buffer): string[] {
  const headEnd = bytes.indexOf('\r\n\r\n') + 4;
  const head = bytes.subarray(0, headEnd).toString('latin1').split('\r\n').slice(0, -1);
  const lines = head.map((line) => `${prefix} ${line}\\r\\n`);
  const body = bytes.subarray(headEnd);
  if (body.length > 0) lines.push(`${prefix} ${escapeBytes(body)}`);
  return lines;
}

/** Runs the session on one connection and writes down every byte that went each way. */
async function transcript(): Promise<string> {
  const client = await WireClient.open(fixture.port());
  let received: Buffer[] = [];
  client.socket.on('data', (chunk: Buffer) => received.push(chunk));
  const lines: string[] = [];
  for (const request of session) {
    lines.push(...render('>>>', Buffer.from(request, 'latin1')));
    client.send(request);
    await client.read();
    const response = Buffer.concat(received);
    received = [];
    // The gzip header's OS byte is the platform's (3, Unix, where the README was made); the rest is fixed.
    if (response.includes('Content-Encoding: gzip')) response[response.indexOf('\r\n\r\n') + 4 + 9] = 3;
    lines.push(...render('<<<', response));
  }
  await client.end();
  lines.push('[the server closes the connection]');
  return lines.join('\n');
}

it("the README's session on the wire is the bytes the server sends", async () => {
  const readme = await readFile(README, 'utf8');
  const start = readme.indexOf('```text\n', readme.indexOf('## A session on the wire')) + '```text\n'.length;
  const end = readme.indexOf('\n```', start);
  const actual = await transcript();
  if (process.env.UPDATE_README === '1') {
    await writeFile(README, readme.slice(0, start) + actual + readme.slice(end));
    return;
  }
  expect(readme.slice(start, end), 'run with UPDATE_README=1 to write the new transcript').toBe(actual);
});
