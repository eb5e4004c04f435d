// and / or / unless between two vectors, compared by matching signature; the samples keep
// their own labels and values.
import type { BinaryExpr } from '../syntax/ast.js';
import type { SetOp } from './binary-op.js';
import { IdCache, SeriesTable } from './series-table.js';
import type { StepNode } from './step-node.js';
import { StepVector } from './step-vector.js';
import { Signatures, StepMarks } from './vector-matching.js';

export class SetOpNode implements StepNode {
  readonly table = new SeriesTable();
  readonly #left: StepNode;
  readonly #right: StepNode;
  readonly #op: SetOp;
  readonly #sigs: Signatures;
  readonly #marks = new StepMarks();
  readonly #leftIds = new IdCache();
  readonly #rightIds = new IdCache();
  readonly #out = new StepVector();

  constructor(left: StepNode, right: StepNode, expr: BinaryExpr, op: SetOp) {
    this.#left = left;
    this.#right = right;
    this.#op = op;
    this.#sigs = new Signatures(expr.matching, left.table, right.table);
  }

  next(): StepVector {
    this.#out.clear();
    const r = this.#right.next();
    const l = this.#left.next();
    const marks = this.#marks;
    marks.reset();
    switch (this.#op) {
      case 'and':
        if (l.length === 0 || r.length === 0) break;
        for (let k = 0; k < r.length; k++) marks.mark(this.#sigs.of(true, r.ids[k]!));
        this.#copy(l, false, (id) => marks.has(this.#sigs.of(false, id)));
        break;
      case 'or':
        this.#copy(l, false, (id) => {
          marks.mark(this.#sigs.of(false, id));
          return true;
        });
        this.#copy(r, true, (id) => !marks.has(this.#sigs.of(true, id)));
        break;
      case 'unless':
        for (let k = 0; k < r.length; k++) marks.mark(this.#sigs.of(true, r.ids[k]!));
        this.#copy(l, false, (id) => !marks.has(this.#sigs.of(false, id)));
        break;
    }
    return this.#out;
  }

  #copy(v: StepVector, right: boolean, keep: (id: number) => boolean): void {
    const child = right ? this.#right : this.#left;
    const ids = right ? this.#rightIds : this.#leftIds;
    for (let k = 0; k < v.length; k++) {
      const id = v.ids[k]!;
      if (!keep(id)) continue;
      let own = ids.get(id);
      if (own < 0) {
        own = this.table.intern(child.table.labels(id));
        ids.set(id, own);
      }
      this.#out.push(own, v.values[k]!);
    }
  }

  timestampMs(step: number): number {
    return this.#left.timestampMs(step);
  }
}
