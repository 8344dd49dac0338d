import { isToken } from './chars.js';
import { parseContentLength } from './content-length.js';
import type { ParseErrorCode } from './errors.js';
import { forEachListElement } from './list.js';
import type { BodyFraming } from './types.js';

const NO_BODY: BodyFraming = Object.freeze({ kind: 'none' });
const CHUNKED: BodyFraming = Object.freeze({ kind: 'chunked' });
const EMPTY: BodyFraming = Object.freeze({ kind: 'length', length: 0 });

/**
 * Decides how the body of a request is delimited, from its Transfer-Encoding and
 * Content-Length values (repeated fields already joined with ", "; undefined when absent).
 * Returns the framing, or the code of the error to answer with.
 */
export function decideFraming(
  transferEncoding: string | undefined,
  contentLength: string | undefined,
): BodyFraming | ParseErrorCode {
  // Rules 1 and 2 of RFC 9112 §6.3 are about responses; a request starts at rule 3.

  if (transferEncoding !== undefined && contentLength !== undefined) {
    // RFC 9112 §6.3 rule 3: "If a message is received with both a Transfer-Encoding and a
    // Content-Length header field, the Transfer-Encoding overrides the Content-Length. Such a
    // message might indicate an attempt to perform request smuggling [...] and ought to be
    // handled as an error."
    return 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH';
  }

  if (transferEncoding !== undefined) {
    // RFC 9112 §6.3 rule 4: "If a Transfer-Encoding header field is present and the chunked
    // transfer coding is the final encoding, the message body length is determined by reading
    // and decoding the chunked data [...]. If a Transfer-Encoding header field is present in a
    // request and the chunked transfer coding is not the final encoding, the message body length
    // cannot be determined reliably; the server MUST respond with the 400 (Bad Request) status
    // code and then close the connection."
    const codings = checkTransferCodings(transferEncoding);
    return codings === undefined ? CHUNKED : codings;
  }

  if (contentLength !== undefined) {
    // RFC 9112 §6.3 rule 5: "If a message is received without Transfer-Encoding and with an
    // invalid Content-Length header field, then the message framing is invalid and the recipient
    // MUST treat it as an unrecoverable error, unless the field value can be successfully parsed
    // as a comma-separated list [...], all values in the list are valid, and all values in the
    // list are the same". Rule 6: "If a valid Content-Length header field is present without
    // Transfer-Encoding, its decimal value defines the expected message body length in octets."
    const length = parseContentLength(contentLength);
    if (typeof length === 'string') return length;
    return length === 0 ? EMPTY : { kind: 'length', length };
  }

  // RFC 9112 §6.3 rule 7: "If this is a request message and none of the above are true, then
  // the message body length is zero (no message body is present)."
  return NO_BODY;
}

/**
 * Checks a Transfer-Encoding list; undefined when it is valid and ends in chunked.
 * RFC 9112 §6.1: "A sender MUST NOT apply the chunked transfer coding more than once to a
 * message body", and "A server that receives a request message with a transfer coding it does
 * not understand SHOULD respond with 501 (Not Implemented)". Only chunked is understood here.
 */
function checkTransferCodings(value: string): ParseErrorCode | undefined {
  let chunkedCount = 0;
  let lastIsChunked = false;
  let unsupported = false;
  let malformed = false;
  forEachListElement(value, (coding) => {
    // Codings are case-insensitive (RFC 9110 §10.1.4); a coding with parameters is not a bare token.
    if (!isToken(coding)) malformed = true;
    lastIsChunked = coding.length === 7 && coding.toLowerCase() === 'chunked';
    if (lastIsChunked) chunkedCount++;
    else unsupported = true;
  });
  if (malformed || chunkedCount > 1 || !lastIsChunked) return 'INVALID_TRANSFER_ENCODING';
  return unsupported ? 'UNSUPPORTED_TRANSFER_ENCODING' : undefined;
}
