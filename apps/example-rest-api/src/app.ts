import { type App, json, skiff } from '@skiff/router';
import { type ErrorLogger, errorHandler, notFound } from './errors.js';
import { notesRouter } from './notes/routes.js';
import { MemoryNoteStore, type NoteStore } from './notes/store.js';

/** What `buildApp` can be given; everything has a default. */
export interface ApiOptions {
  /** Where notes live (default: a fresh in-memory store). */
  store?: NoteStore;
  /** Where 5xx errors are reported (default: `console.error`). */
  log?: ErrorLogger;
}

/** Largest JSON body accepted; a note is at most about 10 KB, so more is a mistake or an attack. */
export const bodyLimit = '16kb';

/** The default logger: method, path and the stack, on stderr. */
const logError: ErrorLogger = (error, req) => {
  console.error(`${req.method} ${req.originalUrl} failed:`, error);
};

/** The notes API: routes, body parser and error handling, not listening yet (tests drive it with supertest). */
export function buildApp({ store = new MemoryNoteStore(), log = logError }: ApiOptions = {}): App {
  const app = skiff();
  // A body over the limit answers 413 before it is read whole; malformed JSON answers 400.
  app.use(json({ limit: bodyLimit }));
  app.use('/api/notes', notesRouter(store));
  // Order matters: the 404 runs only when no route answered, the error handler last of all.
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
