import { connect } from 'node:net';
import { HOST } from '../payloads.js';
import type { LoadScenario } from '../scenarios.js';
import { ResponseCounter } from './response-counter.js';

/** The bytes of one request of `scenario`, as the load generators send it. */
export function requestBytes(scenario: LoadScenario, port: number): Buffer {
  const lines = [`${scenario.method} ${scenario.path} HTTP/1.1`, `Host: ${HOST}:${port}`];
  for (const [name, value] of Object.entries(scenario.headers)) lines.push(`${name}: ${value}`);
  if (scenario.bodySize > 0) lines.push(`Content-Length: ${scenario.bodySize}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return scenario.bodySize > 0 ? Buffer.concat([head, Buffer.alloc(scenario.bodySize, 'x')]) : head;
}

/**
 * Sends exactly `count` requests of `scenario` on one keep-alive connection (a scenario's
 * pipelining depth per write) and resolves once every response is in. A fixed count, not a
 * fixed time: what an instruction count is divided by. Rejects after `timeoutMs`.
 */
export function sendCounted(
  scenario: LoadScenario,
  port: number,
  count: number,
  timeoutMs: number,
): Promise<void> {
  const one = requestBytes(scenario, port);
  const depth = Math.max(1, scenario.pipelining);
  return new Promise((resolve, reject) => {
    const socket = connect(port, HOST);
    const counter = new ResponseCounter();
    let sent = 0;
    const sendBatch = () => {
      const batch = Math.min(depth, count - sent);
      sent += batch;
      socket.write(batch === 1 ? one : Buffer.concat(Array<Buffer>(batch).fill(one)));
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${counter.count} of ${count} responses in ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error === undefined) resolve();
      else reject(error);
    };
    socket.on('connect', sendBatch);
    socket.on('error', finish);
    socket.on('close', () =>
      finish(new Error(`connection closed after ${counter.count} of ${count} responses`)),
    );
    socket.on('data', (data: Buffer) => {
      try {
        counter.push(data);
      } catch (error) {
        finish(error as Error);
        return;
      }
      if (counter.count >= count) finish();
      else if (counter.count === sent) sendBatch();
    });
  });
}
