import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS dependency loaded the first time it is used, not when the router is imported: the
 * libraries behind features an app may never touch (qs, send, serve-static) then cost an app
 * that does not use them neither startup time nor memory.
 */
export function lazyRequire<Module>(name: string): () => Module {
  let loaded: Module | undefined;
  return () => {
    loaded ??= require(name) as Module;
    return loaded;
  };
}
