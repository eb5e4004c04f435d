// A binary operator between a vector and a literal: applied per sample, labels kept. A
// comparison keeps the vector sample's own value (whichever side the literal is on) or,
// with `bool`, yields 0/1 for every sample.
import { arithmetic, compare, isComparison, type ValueOp } from './binary-op.js';
import type { SeriesTable } from './series-table.js';
import type { StepNode } from './step-node.js';
import { StepVector } from './step-vector.js';

export class ScalarOpNode implements StepNode {
  readonly table: SeriesTable;
  readonly #inner: StepNode;
  readonly #op: ValueOp;
  readonly #literal: number;
  readonly #literalLeft: boolean;
  readonly #returnBool: boolean;
  readonly #out = new StepVector();

  constructor(inner: StepNode, op: ValueOp, literal: number, literalLeft: boolean, returnBool: boolean) {
    this.table = inner.table;
    this.#inner = inner;
    this.#op = op;
    this.#literal = literal;
    this.#literalLeft = literalLeft;
    this.#returnBool = returnBool;
  }

  next(): StepVector {
    const out = this.#out;
    out.clear();
    const v = this.#inner.next();
    const comparison = isComparison(this.#op);
    for (let k = 0; k < v.length; k++) {
      const value = v.values[k]!;
      const l = this.#literalLeft ? this.#literal : value;
      const r = this.#literalLeft ? value : this.#literal;
      if (!comparison) out.push(v.ids[k]!, arithmetic(this.#op, l, r));
      else if (this.#returnBool) out.push(v.ids[k]!, compare(this.#op, l, r) ? 1 : 0);
      else if (compare(this.#op, l, r)) out.push(v.ids[k]!, value);
    }
    return out;
  }

  timestampMs(step: number): number {
    return this.#inner.timestampMs(step);
  }
}
