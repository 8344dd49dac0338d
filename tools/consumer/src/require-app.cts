// A CommonJS consumer in TypeScript: `import = require` gets the callable and its types.
import skiff = require('@skiff/router');

const app = skiff();
app.use(skiff.json());
app.get('/cjs/:name', (req, res) => {
  const name: string = req.params.name;
  res.send(`hello ${name}`);
});

app.listen(0, '127.0.0.1', () => {
  const address = app.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  fetch(`http://127.0.0.1:${address.port}/cjs/ada`)
    .then((response) => response.text())
    .then((text) => {
      if (text !== 'hello ada') throw new Error(`expected "hello ada", got ${JSON.stringify(text)}`);
      console.log('typed CommonJS app: ok');
      app.close();
    });
});
