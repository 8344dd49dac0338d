import type { NewNote, Note, NotePatch } from './note.js';

/**
 * Where notes live. Every method returns a promise, so that a database can replace the
 * in-memory store without touching the routes.
 */
export interface NoteStore {
  /** The first `limit` notes, oldest first, and how many there are in all. */
  list(limit: number): Promise<{ notes: Note[]; total: number }>;
  /** The note with this id, or undefined. */
  get(id: number): Promise<Note | undefined>;
  /** Stores a new note and returns it with its id. */
  create(note: NewNote): Promise<Note>;
  /** Applies the patch and returns the note as it now is, or undefined when there is no such note. */
  update(id: number, patch: NotePatch): Promise<Note | undefined>;
  /** Removes the note; false when there was no such note. */
  delete(id: number): Promise<boolean>;
}

/** A NoteStore in a Map: what the example runs on; everything is lost on restart. */
export class MemoryNoteStore implements NoteStore {
  // A Map keeps insertion order, so listing is oldest first without sorting.
  readonly #notes = new Map<number, Note>();
  #lastId = 0;

  async list(limit: number): Promise<{ notes: Note[]; total: number }> {
    return { notes: [...this.#notes.values()].slice(0, limit), total: this.#notes.size };
  }

  async get(id: number): Promise<Note | undefined> {
    return this.#notes.get(id);
  }

  async create(note: NewNote): Promise<Note> {
    this.#lastId += 1;
    const created: Note = { id: this.#lastId, ...note };
    this.#notes.set(created.id, created);
    return created;
  }

  async update(id: number, patch: NotePatch): Promise<Note | undefined> {
    const current = this.#notes.get(id);
    if (!current) return undefined;
    const updated: Note = { ...current, ...patch, id };
    this.#notes.set(id, updated);
    return updated;
  }

  async delete(id: number): Promise<boolean> {
    return this.#notes.delete(id);
  }
}
