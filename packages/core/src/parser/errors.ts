/**
 * Why a request was refused before it reached the app. Each code maps to exactly one
 * status; tests assert the code and the status, never the prose.
 */
export const ParseErrorStatus = {
  /** Request line is not `method SP request-target SP HTTP-version`. */
  INVALID_REQUEST_LINE: 400,
  /** Method is not a token. */
  INVALID_METHOD: 400,
  /**
   * Method longer than any this server implements (`MAX_METHOD_LENGTH`); RFC 9110 §9.1: "An origin
   * server that receives a request method that is unrecognized or not implemented SHOULD respond
   * with the 501 (Not Implemented) status code".
   */
  METHOD_TOO_LONG: 501,
  /** Request-target has a byte outside the allowed set (a fragment included), or a form the method does not allow. */
  INVALID_TARGET: 400,
  /** Version is not `HTTP/<digit>.<digit>`. */
  INVALID_VERSION: 400,
  /** A well-formed version whose major is not 1 (HTTP/1.2 and later minors are served as HTTP/1.1). */
  UNSUPPORTED_VERSION: 505,
  /** Request line longer than `maxRequestLineSize`. */
  REQUEST_LINE_TOO_LONG: 414,
  /** A line ended by LF without CR, or a CR not followed by LF. */
  INVALID_LINE_ENDING: 400,
  /** Field name is empty or not a token (this includes whitespace before the colon). */
  INVALID_HEADER_NAME: 400,
  /** Field value holds a byte RFC 9110 §5.5 forbids (CR, LF, NUL, other controls). */
  INVALID_HEADER_VALUE: 400,
  /** A field line that starts with whitespace (obs-fold, RFC 9112 §5.2). */
  OBSOLETE_LINE_FOLDING: 400,
  /** Header section (or trailer section) larger than `maxHeaderSize`, or more than `maxHeaderCount` fields. */
  HEADERS_TOO_LARGE: 431,
  /** HTTP/1.1 request without a Host field (when `requireHostHeader`). */
  MISSING_HOST: 400,
  /** More than one Host field. */
  DUPLICATE_HOST: 400,
  /** Host value that is not a valid `uri-host [ ":" port ]`. */
  INVALID_HOST: 400,
  /** Content-Length that is not 1*DIGIT, or too large to be exact. */
  INVALID_CONTENT_LENGTH: 400,
  /** Several Content-Length values that differ. */
  CONFLICTING_CONTENT_LENGTH: 400,
  /** Transfer-Encoding and Content-Length in one request (RFC 9112 §6.3 rule 3). */
  TRANSFER_ENCODING_WITH_CONTENT_LENGTH: 400,
  /** Transfer-Encoding whose final coding is not chunked (RFC 9112 §6.3 rule 4). */
  INVALID_TRANSFER_ENCODING: 400,
  /** A transfer coding this server does not implement (RFC 9112 §6.1). */
  UNSUPPORTED_TRANSFER_ENCODING: 501,
  /** Chunk size is not hex, is empty, or overflows. */
  INVALID_CHUNK_SIZE: 400,
  /** Malformed chunk extension. */
  INVALID_CHUNK_EXTENSION: 400,
  /** Chunk-size line longer than `maxChunkLineSize`. */
  CHUNK_LINE_TOO_LONG: 400,
  /** Chunk data not followed by CRLF. */
  INVALID_CHUNK_DATA_END: 400,
} as const;

/** Name of one way a request can be malformed. */
export type ParseErrorCode = keyof typeof ParseErrorStatus;

/** A parse failure: the code, and the status the server answers with before it closes. */
export class ParseError extends Error {
  readonly code: ParseErrorCode;
  readonly status: number;

  constructor(code: ParseErrorCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'ParseError';
    this.code = code;
    this.status = ParseErrorStatus[code];
  }
}
