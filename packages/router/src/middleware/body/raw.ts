import type { RequestHandler } from '../../types.js';
import { type BodyParserOptions, readSettings } from './options.js';
import { bodyParser } from './parser.js';

/** Reads `application/octet-stream` bodies into `req.body` as a Buffer. */
export function raw(options: BodyParserOptions = {}): RequestHandler {
  return bodyParser(
    { name: 'raw', decodes: false, parse: (body: Buffer) => body },
    readSettings('raw', options, 'application/octet-stream'),
  );
}
