/**
 * Counts whole HTTP/1.1 responses in a byte stream, however it is split: a head, then a body
 * framed by Content-Length or chunked coding. Enough for the bench's own load, which reads
 * answers to known requests from known servers; it is no general parser (no HEAD, no 1xx,
 * no read-until-close), and it throws on what it cannot frame rather than guess.
 */
export class ResponseCounter {
  /** Whole responses seen so far. */
  count = 0;
  #pending: Buffer = Buffer.alloc(0);
  /** Body bytes still to skip (Content-Length), or -1 inside a chunked body. */
  #bodyLeft = 0;
  #inChunked = false;

  /** Takes the next bytes from the connection. */
  push(data: Buffer): void {
    let buffer = this.#pending.length === 0 ? data : Buffer.concat([this.#pending, data]);
    let at = 0;
    for (;;) {
      if (this.#bodyLeft > 0) {
        const skipped = Math.min(this.#bodyLeft, buffer.length - at);
        this.#bodyLeft -= skipped;
        at += skipped;
        if (this.#bodyLeft > 0) break;
        if (!this.#inChunked) this.count++;
        continue;
      }
      if (this.#inChunked) {
        const next = this.#chunkLine(buffer, at);
        if (next === undefined) break;
        at = next;
        continue;
      }
      const headEnd = buffer.indexOf('\r\n\r\n', at, 'latin1');
      if (headEnd === -1) break;
      this.#startBody(buffer.toString('latin1', at, headEnd));
      at = headEnd + 4;
      if (!this.#inChunked && this.#bodyLeft === 0) this.count++;
    }
    buffer = buffer.subarray(at);
    // A copy, so that a few bytes left over do not keep a whole read alive.
    this.#pending = buffer.length === 0 ? Buffer.alloc(0) : Buffer.from(buffer);
  }

  #startBody(head: string): void {
    const lines = head.split('\r\n');
    if (!/^HTTP\/1\.[01] \d{3}/.test(lines[0] ?? '')) throw new Error(`not a response head: ${lines[0]}`);
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') this.#bodyLeft = Number(value);
      else if (name === 'transfer-encoding' && value.toLowerCase() === 'chunked') this.#inChunked = true;
    }
    if (this.#inChunked) this.#bodyLeft = 0;
  }

  /**
   * In a chunked body: reads one size line and sets the chunk (and its CRLF) to be skipped, or,
   * at the last chunk, the end of the response. Returns where it stopped, or undefined for more bytes.
   */
  #chunkLine(buffer: Buffer, at: number): number | undefined {
    const lineEnd = buffer.indexOf('\r\n', at, 'latin1');
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(buffer.toString('latin1', at, lineEnd).split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) throw new Error('bad chunk size line');
    if (size > 0) {
      this.#bodyLeft = size + 2;
      return lineEnd + 2;
    }
    // The last chunk: trailers (none from the bench's servers), then the blank line.
    const end = buffer.indexOf('\r\n\r\n', lineEnd, 'latin1');
    if (end === -1) return undefined;
    this.#inChunked = false;
    this.count++;
    return end + 4;
  }
}
