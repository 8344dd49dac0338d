// require('@skiff/router') gives what require('express') gives: a callable that makes an app,
// with the helpers as its properties.
const assert = require('node:assert/strict');
const skiff = require('@skiff/router');
const core = require('@skiff/core');

assert.equal(typeof skiff, 'function', 'require() gives the app factory');
for (const name of ['json', 'text', 'raw', 'urlencoded', 'compress', 'Router', 'HttpError', 'App']) {
  assert.equal(typeof skiff[name], 'function', `skiff.${name} is there`);
}
assert.equal(skiff.default, skiff.skiff, 'the ES default export is there too');
assert.equal(typeof core.createServer, 'function', "require('@skiff/core') gives its named exports");

const app = skiff();
assert.ok(app instanceof skiff.App);
app.get('/hi/:name', (req, res) => res.send(`hi ${req.params.name}`));
app.listen(0, '127.0.0.1', async () => {
  const response = await fetch(`http://127.0.0.1:${app.address().port}/hi/cjs`);
  assert.equal(await response.text(), 'hi cjs');
  console.log('require() check: ok');
  app.close();
});
