import { HttpError, type RequestHandler, Router } from '@skiff/router';
import { methodNotAllowed } from '../errors.js';
import type { NoteStore } from './store.js';
import { parseId, parseLimit, parseNewNote, parseNotePatch } from './validate.js';

/**
 * Refuses a body that is not JSON with 415 before validation runs, so a client that forgot
 * the Content-Type hears that rather than "the body must be a JSON object".
 */
const requireJson: RequestHandler = (req, _res, next) => {
  // An empty body (none, or Content-Length: 0, which clients send for a bare POST) has no type to
  // judge: validation then names the missing field. As in Express, req.is() is false for it.
  const hasContent =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? '0') > 0;
  if (hasContent && req.is('application/json') === false) {
    throw new HttpError(415, 'Send the body as application/json');
  }
  next();
};

/** The 404 for an id that names no note. */
function noSuchNote(param: string): HttpError {
  return new HttpError(404, `No note with id ${param}`);
}

/** The id in the path; an id that cannot exist (`abc`) is a 404 like one that does not. */
function idOf(param: string): number {
  const id = parseId(param);
  if (id === undefined) throw noSuchNote(param);
  return id;
}

/**
 * The notes resource, to mount at `/api/notes`. Handlers are async: a rejected promise
 * (a thrown ValidationError, a store that fails) goes to the error middleware like `next(err)`.
 */
export function notesRouter(store: NoteStore): Router {
  const router = Router();

  router
    .route('/')
    .get(async (req, res) => {
      const { notes, total } = await store.list(parseLimit(req.query.limit));
      res.json({ notes, total });
    })
    .post(requireJson, async (req, res) => {
      const note = await store.create(parseNewNote(req.body));
      // req.baseUrl is where the router is mounted, so the URL holds wherever that is.
      res.status(201).location(`${req.baseUrl}/${note.id}`).json(note);
    })
    .all(methodNotAllowed('GET', 'HEAD', 'POST'));

  router
    .route('/:id')
    .get(async (req, res) => {
      const note = await store.get(idOf(req.params.id));
      if (!note) throw noSuchNote(req.params.id);
      res.json(note);
    })
    .patch(requireJson, async (req, res) => {
      const id = idOf(req.params.id);
      const note = await store.update(id, parseNotePatch(req.body));
      if (!note) throw noSuchNote(req.params.id);
      res.json(note);
    })
    .delete(async (req, res) => {
      if (!(await store.delete(idOf(req.params.id)))) throw noSuchNote(req.params.id);
      res.status(204).end();
    })
    .all(methodNotAllowed('GET', 'HEAD', 'PATCH', 'DELETE'));

  return router;
}
