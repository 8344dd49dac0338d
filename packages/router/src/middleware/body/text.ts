import type { RequestHandler } from '../../types.js';
import { readSettings, type TextOptions } from './options.js';
import { bodyParser } from './parser.js';

/** Reads `text/plain` bodies into `req.body` as a string, in the charset of the Content-Type. */
export function text(options: TextOptions = {}): RequestHandler {
  return bodyParser(
    { name: 'text', decodes: true, parse: (body) => body },
    readSettings('text', options, 'text/plain'),
  );
}
