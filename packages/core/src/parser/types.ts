/** How the body of a request is delimited (RFC 9112 §6.3). */
export type BodyFraming =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' };

/** A complete, validated request head. */
export interface RequestHead {
  /** Method token exactly as sent (case-sensitive, e.g. `GET`). */
  readonly method: string;
  /** Request-target exactly as sent (origin-form, absolute-form, or `*`). */
  readonly target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  readonly versionMinor: 0 | 1;
  /** Field names and values as sent, alternating: `[name0, value0, name1, value1, ...]`. Values without surrounding OWS. */
  readonly rawHeaders: string[];
  /**
   * Fields by lower-case name. Repeated fields are joined with `, ` (`cookie` with `; `),
   * except `set-cookie`, which is never sent by clients and is kept as the last value.
   */
  readonly headers: Record<string, string>;
  /** How the body is delimited. */
  readonly framing: BodyFraming;
  /** True when the connection may stay open after this exchange by the version and Connection rules (RFC 9112 §9.3). */
  readonly keepAlive: boolean;
  /** True when the connection must close after this exchange whatever the response says (e.g. Transfer-Encoding in HTTP/1.0). */
  readonly mustClose: boolean;
  /** True when the request carries `Expect: 100-continue` (HTTP/1.1 only). */
  readonly expectContinue: boolean;
}

/** Callbacks the parser drives. They run synchronously inside `execute`. */
export interface ParserHandlers {
  /**
   * The first byte of a message has arrived (llhttp's on_message_begin): its head's clock starts
   * here. Once per message, at the first byte of its request line that is not CR or LF, so never
   * for the empty line RFC 9112 §2.2 lets precede it.
   */
  onMessageBegin(): void;
  /**
   * A whole head has been read and validated. Return true to stop right after it: `execute`
   * then returns the offset after the head, and the bytes that follow are no longer HTTP
   * (an upgraded or tunnelled connection). No handler runs after that, not even
   * `onMessageComplete`, and every later `execute` returns its start.
   */
  onHead(head: RequestHead): boolean | undefined;
  /** Some body bytes (already de-chunked). The buffer may be a view into the input: copy it to keep it past the call. */
  onBody(chunk: Buffer): void;
  /**
   * The message (body and trailers) is complete. Return true to pause: `execute` then
   * returns at once, and the bytes after this message are left for a later call.
   */
  onMessageComplete(trailers: string[]): boolean;
}

/** Limits the parser enforces; all sizes are in bytes. */
export interface ParserLimits {
  /** Longest request line (without CRLF); longer: 414. */
  readonly maxRequestLineSize: number;
  /** Largest header section (field lines with their CRLFs), and separately, trailer section; larger: 431. */
  readonly maxHeaderSize: number;
  /** Most field lines in a header section; more: 431. */
  readonly maxHeaderCount: number;
  /** Longest chunk-size line, extensions included; longer: 400. */
  readonly maxChunkLineSize: number;
  /** HTTP/1.1 requests must carry exactly one valid Host. */
  readonly requireHostHeader: boolean;
}
