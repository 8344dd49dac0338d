import { ValidationError } from '../errors.js';
import type { NewNote, NotePatch } from './note.js';

/** How many notes one list may return, and how many it returns unless told. */
export const listLimits = { default: 20, max: 100 } as const;

/** The rule one field of a note must meet, as a type guard and as words for the error. */
interface FieldRule<T> {
  check: (value: unknown) => value is T;
  rule: string;
}

// One table, so that the checks and the messages that describe them cannot drift apart.
const fields: { [Name in keyof NewNote]: FieldRule<NewNote[Name]> } = {
  title: {
    check: (value): value is string =>
      typeof value === 'string' && value.trim().length > 0 && value.length <= 200,
    rule: 'a string of 1 to 200 characters, not only spaces',
  },
  body: {
    check: (value): value is string => typeof value === 'string' && value.length <= 10_000,
    rule: 'a string of at most 10000 characters',
  },
  pinned: {
    check: (value): value is boolean => typeof value === 'boolean',
    rule: 'true or false',
  },
};
const fieldNames = Object.keys(fields).join(', ');

/** The body as an object whose every key is a field of a note; else a ValidationError. */
function noteObject(body: unknown): Record<string, unknown> {
  // json() leaves req.body undefined for a request without a body.
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError(400, 'body', 'The body must be a JSON object');
  }
  // A misspelt field ("titel") would otherwise be dropped without a word.
  const unknown = Object.keys(body).find((name) => !Object.hasOwn(fields, name));
  if (unknown !== undefined) {
    throw new ValidationError(422, unknown, `Unknown field "${unknown}"; a note has ${fieldNames}`);
  }
  return body as Record<string, unknown>;
}

/** The field's value if it is present and valid, undefined if absent; else a ValidationError. */
function field<Name extends keyof NewNote>(
  input: Record<string, unknown>,
  name: Name,
): NewNote[Name] | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  const { check, rule } = fields[name];
  if (!check(value)) throw new ValidationError(422, name, `${name} must be ${rule}`);
  return value;
}

/** Reads the body of a create request: `title` is required, `body` defaults to '' and `pinned` to false. */
export function parseNewNote(body: unknown): NewNote {
  const input = noteObject(body);
  const title = field(input, 'title');
  if (title === undefined) throw new ValidationError(422, 'title', 'title is required');
  return { title: title.trim(), body: field(input, 'body') ?? '', pinned: field(input, 'pinned') ?? false };
}

/** Reads the body of an update request: any of the fields, at least one. */
export function parseNotePatch(body: unknown): NotePatch {
  const input = noteObject(body);
  // Built field by field: a field left out must stay absent, not become undefined, or the
  // store's spread would erase it.
  const patch: { -readonly [Name in keyof NotePatch]: NotePatch[Name] } = {};
  const title = field(input, 'title');
  if (title !== undefined) patch.title = title.trim();
  const text = field(input, 'body');
  if (text !== undefined) patch.body = text;
  const pinned = field(input, 'pinned');
  if (pinned !== undefined) patch.pinned = pinned;
  if (Object.keys(patch).length === 0) {
    throw new ValidationError(422, 'body', `The update changes nothing; send one of ${fieldNames}`);
  }
  return patch;
}

/** The `limit` query parameter: a whole number from 1 to `listLimits.max`, `listLimits.default` when absent. */
export function parseLimit(value: string | string[] | undefined): number {
  if (value === undefined) return listLimits.default;
  const limit = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : 0;
  if (limit < 1 || limit > listLimits.max) {
    throw new ValidationError(400, 'limit', `limit must be a whole number from 1 to ${listLimits.max}`);
  }
  return limit;
}

/** The id in a path, or undefined when it cannot be one (`abc`, `0`, `007`): such a note does not exist. */
export function parseId(param: string): number | undefined {
  return /^[1-9]\d{0,14}$/.test(param) ? Number(param) : undefined;
}
