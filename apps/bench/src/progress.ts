/** How far a run is, and about how long it still takes, for the line printed before each measurement. */
export class Progress {
  readonly #total: number;
  readonly #startedAt = Date.now();
  readonly #firstGuessMs: number;
  #done = 0;

  /** `total` measurements, each guessed at `guessMs` until some have been timed. */
  constructor(total: number, guessMs: number) {
    this.#total = total;
    this.#firstGuessMs = guessMs;
  }

  /** Counts one measurement as finished. */
  step(): void {
    this.#done++;
  }

  /** `[12/93, ~5 min 20 s left]`: measurements done so far out of all, and the time the rest should take. */
  describe(): string {
    const each = this.#done === 0 ? this.#firstGuessMs : (Date.now() - this.#startedAt) / this.#done;
    const left = Math.max(0, Math.round(((this.#total - this.#done) * each) / 1000));
    const time = left >= 60 ? `${Math.floor(left / 60)} min ${left % 60} s` : `${left} s`;
    return `[${this.#done + 1}/${this.#total}, ~${time} left]`;
  }
}
