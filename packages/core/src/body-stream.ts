import { Readable } from 'node:stream';

function ignore(): void {}

/** What a body stream asks of the connection it reads from. */
export interface BodySource {
  /** The consumer wants more: resume reading the socket. */
  resumeBody(): void;
}

/**
 * The bytes of one request body, as a Readable. Created only for requests that have a
 * body, so a bodyless GET pays for no stream. The connection pushes; when the consumer
 * falls behind, push() returns false and the connection stops reading the socket.
 */
export class BodyStream extends Readable {
  readonly #source: BodySource;

  constructor(source: BodySource, highWaterMark: number) {
    super({ highWaterMark });
    this.#source = source;
    // A body nobody reads may still fail (client gone, bad chunk): that must not crash the process.
    // Readers still see the error through their own listeners, iterators and pipelines.
    this.on('error', ignore);
  }

  override _read(): void {
    this.#source.resumeBody();
  }
}
