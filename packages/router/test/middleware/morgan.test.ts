import morgan from 'morgan';
import { expect } from 'vitest';
import { sideBySide, waitUntil } from './side-by-side.js';

const format = ':method :url :status :res[content-length] - :response-time ms';

sideBySide(
  'morgan logs status, length and response time',
  (app) => {
    const lines: string[] = [];
    app.use(morgan(format, { stream: { write: (line: string) => lines.push(line) } }));
    app.get('/hello', (_req, res) => {
      res.send('hello world');
    });
    app.get('/missing', (_req, res) => {
      res.status(404).json({ error: 'not here' });
    });
    app.get('/streamed', (_req, res) => {
      res.write('one ');
      res.end('two');
    });
    return lines;
  },
  async ({ agent, context: lines, observe }) => {
    await agent.get('/hello');
    await agent.get('/missing');
    await agent.get('/streamed');
    // morgan writes its line when the response has finished, which may be after the client has it.
    await waitUntil(() => lines.length >= 3, 'three log lines');
    const time = /- \d+\.\d{3} ms\n$/;
    expect(lines).toEqual([
      expect.stringMatching(/^GET \/hello 200 11 - \d+\.\d{3} ms\n$/),
      expect.stringMatching(/^GET \/missing 404 20 - \d+\.\d{3} ms\n$/),
      // Streamed: no Content-Length to log.
      expect.stringMatching(/^GET \/streamed 200 - - \d+\.\d{3} ms\n$/),
    ]);
    observe(
      'log lines, time left out',
      lines.map((line) => line.replace(time, '- <time> ms')),
    );
  },
);
