// label_replace(v, dst, replacement, src, regex): where the anchored regex matches the value of
// src ("" when absent), dst becomes the expanded replacement (an empty result removes dst);
// otherwise the series passes unchanged.
import RE2 from 're2';
import type { LabelReplaceExpr } from '../syntax/ast.js';
import { QueryError } from './errors.js';
import { expandTemplate } from './go-expand.js';
import { getLabel, setLabel } from './label-set.js';
import { IdCache, SeriesTable } from './series-table.js';
import type { StepNode } from './step-node.js';
import { StepVector } from './step-vector.js';

export class LabelReplaceNode implements StepNode {
  readonly table = new SeriesTable();
  readonly #inner: StepNode;
  readonly #expr: LabelReplaceExpr;
  readonly #re: RE2;
  readonly #ids = new IdCache();
  readonly #out = new StepVector();

  constructor(inner: StepNode, expr: LabelReplaceExpr) {
    this.#inner = inner;
    this.#expr = expr;
    try {
      this.#re = new RE2(`^(?:${expr.regex})$`, 'u');
    } catch (e) {
      throw new QueryError(`parse error : invalid regex in label_replace: ${(e as Error).message}`, 400);
    }
  }

  next(): StepVector {
    this.#out.clear();
    const v = this.#inner.next();
    for (let k = 0; k < v.length; k++) this.#out.push(this.#replaced(v.ids[k]!), v.values[k]!);
    return this.#out;
  }

  #replaced(innerId: number): number {
    let id = this.#ids.get(innerId);
    if (id >= 0) return id;
    const labels = this.#inner.table.labels(innerId);
    const match = this.#re.exec(getLabel(labels.pairs, this.#expr.src) ?? '');
    id = match
      ? this.table.internPairs(setLabel(labels.pairs, this.#expr.dst, expandTemplate(this.#expr.replacement, match)))
      : this.table.intern(labels);
    this.#ids.set(innerId, id);
    return id;
  }

  timestampMs(step: number): number {
    return this.#inner.timestampMs(step);
  }
}
