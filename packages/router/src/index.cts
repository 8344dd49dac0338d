// The CommonJS entry. `require('@skiff/router')` gives the app factory with the named exports
// as its properties, as `require('express')` does, rather than require(esm)'s namespace object.
// It loads the ES module itself, so both entries share one App class.
import type { App, AppOptions } from './index.js' with { 'resolution-mode': 'import' };

type SkiffModule = typeof import('./index.js');

function load(): SkiffModule {
  try {
    return require('./index.js') as SkiffModule;
  } catch (error) {
    // Before Node 20.19 and 22.12, require() of an ES module is off and throws this code.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw error;
    throw new Error(
      `@skiff/router is an ES module, and require() of ES modules is off in this Node.js (${process.version}); ` +
        'it is on by default from Node.js 20.19 and 22.12. Upgrade Node.js, or load it with import: ' +
        "`import skiff from '@skiff/router'`, or from CommonJS `const { default: skiff } = await import('@skiff/router')`.",
      { cause: error },
    );
  }
}

const esm = load();

/** Makes an app, as the ES module's `skiff()`; the ES module's exports are its properties. */
function skiff(options?: AppOptions): App {
  return esm.skiff(options);
}

export = Object.assign(skiff, esm);
