/** A note as the API stores and returns it. */
export interface Note {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly pinned: boolean;
}

/** What a client sends to create a note: every field but the id. */
export type NewNote = Omit<Note, 'id'>;

/** What a client sends to change a note: any of the fields it may set. */
export type NotePatch = Partial<NewNote>;
