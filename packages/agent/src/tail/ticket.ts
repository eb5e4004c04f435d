import type { Ack } from '../pipeline/entry.js';

/**
 * The acknowledgement shared by the lines of one read: `end` is the file offset after its last line.
 * It starts with one reference held by the reader while it emits the lines, so it cannot complete halfway.
 */
export class Ticket implements Ack {
  readonly end: number;
  readonly bytes: number;
  readonly generation: number;
  done = false;
  #pending = 1;
  readonly #onDone: (t: Ticket) => void;

  constructor(end: number, bytes: number, generation: number, onDone: (t: Ticket) => void) {
    this.end = end;
    this.bytes = bytes;
    this.generation = generation;
    this.#onDone = onDone;
  }

  retain(n: number): void {
    this.#pending += n;
  }

  release(): void {
    if (--this.#pending === 0) {
      this.done = true;
      this.#onDone(this);
    } else if (this.#pending < 0) throw new Error('BUG: ticket released more often than retained');
  }
}
