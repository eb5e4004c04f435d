// The contract every pipeline stage implements, and the line it works on.
import type { LabelsBuilder } from './labels-builder.js';

/**
 * The current line of an entry. It starts as the raw bytes (a borrowed slice of a chunk)
 * and becomes a JS string only when a stage needs text; stages that rewrite the line set
 * a string. Both forms are cached, so each conversion happens at most once per line.
 */
export class LineState {
  ts = 0n;
  #buf: Buffer | undefined;
  #str: string | undefined;

  reset(ts: bigint, buf: Buffer): void {
    this.ts = ts;
    this.#buf = buf;
    this.#str = undefined;
  }

  buffer(): Buffer {
    if (this.#buf === undefined) this.#buf = Buffer.from(this.#str!, 'utf8');
    return this.#buf;
  }

  string(): string {
    if (this.#str === undefined) this.#str = this.#buf!.toString('utf8');
    return this.#str;
  }

  /** The line in whichever form is at hand (no conversion). */
  current(): Buffer | string {
    return this.#buf ?? this.#str!;
  }

  setString(s: string): void {
    this.#str = s;
    this.#buf = undefined;
  }

  setBuffer(b: Buffer): void {
    this.#buf = b;
    this.#str = undefined;
  }

  byteLength(): number {
    return this.#buf !== undefined ? this.#buf.length : Buffer.byteLength(this.#str!, 'utf8');
  }
}

/**
 * One compiled stage. Stages are compiled once per query and shared by every stream of it;
 * they keep no per-entry state outside the LabelsBuilder and LineState they are handed
 * (callers run one entry at a time per pipeline). `process` returns false to drop the entry.
 */
export interface Stage {
  process(line: LineState, lbs: LabelsBuilder): boolean;
  /** Labels this stage reads (for metric-query parser hints). */
  readonly requiredLabels: readonly string[];
}

/** Raised while compiling a stage (bad regex, bad ip() pattern…): the querier answers 400 `parse error : …`. */
export class StageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StageError';
  }
}
