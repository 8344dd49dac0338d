import bodyParser from 'body-parser';
import { expect } from 'vitest';
import { type AppLike, errorAsJson, sideBySide } from './side-by-side.js';

function echoBody(app: AppLike): void {
  app.all('/', (req, res) => {
    const body: unknown = req.body;
    res.json(Buffer.isBuffer(body) ? { buffer: body.toString('hex') } : { body: body ?? null });
  });
  app.use(errorAsJson);
}

sideBySide(
  'body-parser json()',
  (app) => {
    app.use(bodyParser.json({ limit: '100b' }));
    echoBody(app);
  },
  async ({ agent }) => {
    const parsed = await agent.post('/').send({ name: 'Ada', tags: ['x', 'y'] });
    expect(parsed.body).toEqual({ body: { name: 'Ada', tags: ['x', 'y'] } });

    const malformed = await agent.post('/').type('json').send('{"name":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('entity.parse.failed');

    const large = await agent.post('/').send({ text: 'x'.repeat(200) });
    expect(large.status).toBe(413);
    expect(large.body.type).toBe('entity.too.large');

    // Another type is left alone: no body.
    const other = await agent.post('/').type('text').send('plain');
    expect(other.body).toEqual({ body: null });
  },
);

sideBySide(
  'body-parser urlencoded()',
  (app) => {
    app.use(bodyParser.urlencoded({ extended: true }));
    echoBody(app);
  },
  async ({ agent }) => {
    const parsed = await agent.post('/').type('form').send('name=Ada+L&tags[]=x&tags[]=y&user[id]=7');
    expect(parsed.body).toEqual({ body: { name: 'Ada L', tags: ['x', 'y'], user: { id: '7' } } });

    const empty = await agent.post('/').type('form').send('');
    expect(empty.body).toEqual({ body: {} });
  },
);

sideBySide(
  'body-parser raw()',
  (app) => {
    app.use(bodyParser.raw({ type: 'application/octet-stream' }));
    echoBody(app);
  },
  async ({ agent }) => {
    const parsed = await agent
      .post('/')
      .type('application/octet-stream')
      .send(Buffer.from([0, 1, 2, 254, 255]));
    expect(parsed.body).toEqual({ buffer: '000102feff' });

    // A chunked body, without Content-Length.
    const test = agent.post('/').type('application/octet-stream');
    test.write(Buffer.from([1, 2]));
    test.write(Buffer.from([3]));
    const chunked = await test;
    expect(chunked.body).toEqual({ buffer: '010203' });
  },
);

sideBySide(
  'body-parser text()',
  (app) => {
    app.use(bodyParser.text());
    echoBody(app);
  },
  async ({ agent }) => {
    const parsed = await agent.post('/').type('text/plain; charset=utf-8').send('héllo, wörld');
    expect(parsed.body).toEqual({ body: 'héllo, wörld' });

    const latin1 = await agent
      .post('/')
      .type('text/plain; charset=iso-8859-1')
      .send(Buffer.from('café', 'latin1'));
    expect(latin1.body).toEqual({ body: 'café' });

    // An empty body is an empty string; no body at all (a GET) leaves req.body undefined.
    const empty = await agent.post('/').type('text/plain').send('');
    expect(empty.body).toEqual({ body: '' });
    const bodyless = await agent.get('/');
    expect(bodyless.body).toEqual({ body: null });
  },
);
