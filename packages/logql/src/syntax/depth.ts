// How deeply a parsed query nests. The parser is a loop, but validation, printing, planning and
// evaluation walk the tree recursively, so a query nested thousands deep (`sum(sum(…`, `a ^ b ^ …`,
// `a + b + …`) would overflow Node's stack. Loki (Go stacks grow) has no such bound.

import { ParseError } from './errors.js';

/** Deepest nesting accepted: a few times less than the depth where the deepest recursive walk overflows. */
export const MAX_EXPR_DEPTH = 500;

const isNested = (v: unknown): v is object =>
  typeof v === 'object' && v !== null && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);

export const tooDeep = (): ParseError => new ParseError(`query is nested too deeply (more than ${MAX_EXPR_DEPTH} levels)`);

/** Throws Loki-style 400 text when the tree under `root` is nested deeper than MAX_EXPR_DEPTH; walks without recursion. */
export function checkExprDepth(root: unknown): void {
  const pending: [unknown, number][] = [[root, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (depth > MAX_EXPR_DEPTH) throw tooDeep();
    for (const child of Object.values(node as object)) if (isNested(child)) pending.push([child, depth + 1]);
  }
}
