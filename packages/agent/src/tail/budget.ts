/**
 * Bounds the bytes read from files but not yet acknowledged. Readers stop reading ahead when it is
 * full (backpressure while a server is slow or down) and resume when acknowledgements free room.
 */
export class Budget {
  readonly limit: number;
  used = 0;
  #waiters: (() => void)[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  get full(): boolean {
    return this.used >= this.limit;
  }

  take(bytes: number): void {
    this.used += bytes;
  }

  give(bytes: number): void {
    this.used -= bytes;
    if (!this.full && this.#waiters.length) for (const w of this.#waiters.splice(0)) w();
  }

  /** Resolves once there is room again (at once when there is). */
  room(): Promise<void> {
    return this.full ? new Promise((r) => this.#waiters.push(r)) : Promise.resolve();
  }
}
