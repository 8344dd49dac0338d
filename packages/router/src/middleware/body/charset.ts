import { bodyError } from './errors.js';

/** Turns body bytes into text; a byte order mark is dropped, as iconv-lite does for body-parser. */
export type Decode = (bytes: Buffer) => string;

type Iconv = typeof import('iconv-lite');

/** iconv-lite, loaded the first time a body comes in a charset other than UTF-8. */
let iconv: Iconv | undefined;

async function loadIconv(): Promise<Iconv> {
  iconv ??= (await import('iconv-lite')).default;
  return iconv;
}

function decodeUtf8(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The error body-parser answers a charset it cannot decode (or will not, for JSON and forms) with. */
export function unsupportedCharset(charset: string): Error {
  return bodyError(415, `unsupported charset "${charset.toUpperCase()}"`, {
    charset,
    type: 'charset.unsupported',
  });
}

/**
 * A decoder for a charset, as body-parser decodes with iconv-lite: any name iconv-lite knows
 * (`latin1`, `utf-16le`, `utf-16` by its BOM, `utf-32`, `windows-1252`, `shift_jis`, ...).
 * An unknown one is refused with 415 `unsupported charset "X"` before the body is read.
 * iconv-lite rather than TextDecoder: the WHATWG labels differ from iconv-lite's (for them
 * `latin1` is windows-1252, and `utf-32`, `utf-7` or `binary` do not exist), and body-parser's
 * answers follow iconv-lite's. UTF-8, the common case, needs no library.
 */
export async function decoderFor(charset: string): Promise<Decode> {
  if (charset === 'utf-8' || charset === 'utf8') return decodeUtf8;
  const codec = await loadIconv();
  // encodingExists() is a type guard on iconv-lite's names: keep the name a plain string.
  const known: boolean = codec.encodingExists(charset);
  if (!known) throw unsupportedCharset(charset.toLowerCase());
  return (bytes) => codec.decode(bytes, charset);
}
