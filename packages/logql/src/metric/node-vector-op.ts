// Arithmetic and comparison between two vectors, with Loki's vector matching: one-to-one by
// default, group_left (many-to-one) and group_right (one-to-many), and Loki's errors when the
// data breaks the declared cardinality.
import type { BinaryExpr, VectorMatching } from '../syntax/ast.js';
import { arithmetic, compare, isComparison, type ValueOp } from './binary-op.js';
import { matchingError } from './errors.js';
import { IdCache, SeriesTable } from './series-table.js';
import type { StepNode } from './step-node.js';
import { StepVector } from './step-vector.js';
import { resultLabels, Signatures, StepMarks } from './vector-matching.js';

// Result labels are cached per (many id, one id); ids stay far below this in practice.
const ID_SPACE = 2 ** 26;

export class VectorOpNode implements StepNode {
  readonly table = new SeriesTable();
  readonly #left: StepNode;
  readonly #right: StepNode;
  readonly #expr: BinaryExpr;
  readonly #op: ValueOp;
  readonly #sigs: Signatures;
  /** Result ids by (many id, one id), with group_left/right labels copied from the one side. */
  readonly #results = new Map<number, number>();
  /** Result ids by many id, when the one side adds no labels: an array lookup (the Map was a third of a deep sum's time). */
  readonly #resultsByMany = new IdCache();
  readonly #include: number;
  readonly #oneSide = new StepMarks();
  readonly #matched = new StepMarks();
  readonly #grouped = new Set<number>();
  readonly #card: VectorMatching['card'];
  readonly #comparison: boolean;
  readonly #out = new StepVector();

  constructor(left: StepNode, right: StepNode, expr: BinaryExpr, op: ValueOp) {
    this.#left = left;
    this.#right = right;
    this.#expr = expr;
    this.#op = op;
    this.#sigs = new Signatures(expr.matching, left.table, right.table);
    this.#card = expr.matching?.card ?? 'one-to-one';
    this.#include = expr.matching?.include.length ?? 0;
    this.#comparison = isComparison(op);
  }

  next(): StepVector {
    const out = this.#out;
    out.clear();
    // Loki steps the right leg first; it matters only for which error surfaces.
    const r = this.#right.next();
    const l = this.#left.next();
    const card = this.#card;
    const swapped = card === 'one-to-many';
    const many = swapped ? r : l;
    const one = swapped ? l : r;

    this.#oneSide.reset();
    for (let k = 0; k < one.length; k++) {
      const sig = this.#sigs.of(!swapped, one.ids[k]!);
      if (this.#oneSide.has(sig)) {
        throw matchingError(
          `found duplicate series on the ${swapped ? 'left' : 'right'} hand-side;` +
            'many-to-many matching not allowed: matching labels must be unique on one side',
        );
      }
      this.#oneSide.mark(sig, k);
    }

    this.#matched.reset();
    // Set.clear() allocates a new table even when empty: at every step of every node of a deep expression, that was most of its time.
    if (this.#grouped.size > 0) this.#grouped.clear();
    const comparison = this.#comparison;
    for (let k = 0; k < many.length; k++) {
      const manyId = many.ids[k]!;
      const sig = this.#sigs.of(swapped, manyId);
      if (!this.#oneSide.has(sig)) continue;
      const slot = this.#oneSide.slot(sig);
      const oneId = one.ids[slot]!;
      const id = this.#resultId(manyId, oneId, swapped);
      if (card === 'one-to-one') {
        if (this.#matched.has(sig)) {
          throw matchingError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
        }
        this.#matched.mark(sig);
      } else {
        const pair = sig * ID_SPACE + id;
        if (this.#grouped.has(pair)) throw matchingError('multiple matches for labels: grouping labels must ensure unique matches');
        this.#grouped.add(pair);
      }
      const lv = swapped ? one.values[slot]! : many.values[k]!;
      const rv = swapped ? many.values[k]! : one.values[slot]!;
      if (!comparison) out.push(id, arithmetic(this.#op, lv, rv));
      else if (this.#expr.returnBool) out.push(id, compare(this.#op, lv, rv) ? 1 : 0);
      else if (compare(this.#op, lv, rv)) out.push(id, lv);
    }
    return out;
  }

  #resultId(manyId: number, oneId: number, swapped: boolean): number {
    if (this.#include === 0) {
      let id = this.#resultsByMany.get(manyId);
      if (id < 0) {
        id = this.#newResult(manyId, oneId, swapped);
        this.#resultsByMany.set(manyId, id);
      }
      return id;
    }
    if (manyId >= ID_SPACE || oneId >= ID_SPACE) throw new Error('BUG: series id space exhausted');
    const key = manyId * ID_SPACE + oneId;
    let id = this.#results.get(key);
    if (id === undefined) {
      id = this.#newResult(manyId, oneId, swapped);
      this.#results.set(key, id);
    }
    return id;
  }

  #newResult(manyId: number, oneId: number, swapped: boolean): number {
    const manyTable = swapped ? this.#right.table : this.#left.table;
    const oneTable = swapped ? this.#left.table : this.#right.table;
    return this.table.internPairs(resultLabels(manyTable.labels(manyId).pairs, oneTable.labels(oneId).pairs, this.#expr.matching));
  }

  timestampMs(step: number): number {
    return this.#left.timestampMs(step);
  }
}
