// The value arithmetic of LogQL binary operators (Loki's MergeBinOp): x/0 and x%0 are NaN,
// `^` follows Go's math.Pow, comparisons either filter or (with `bool`) yield 0/1.
import type { BinOp } from '../syntax/ast.js';

export type SetOp = 'and' | 'or' | 'unless';
export type ValueOp = Exclude<BinOp, SetOp>;

export function isSetOp(op: BinOp): op is SetOp {
  return op === 'and' || op === 'or' || op === 'unless';
}

export function isComparison(op: BinOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '>=' || op === '<' || op === '<=';
}

export function arithmetic(op: ValueOp, l: number, r: number): number {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return r === 0 ? NaN : l / r;
    case '%':
      return r === 0 ? NaN : l % r; // JS % is C's fmod, like Go's math.Mod
    case '^':
      return goPow(l, r);
    default:
      return compare(op, l, r) ? 1 : 0;
  }
}

export function compare(op: ValueOp, l: number, r: number): boolean {
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    default:
      throw new Error(`BUG: ${op} is not a comparison`);
  }
}

/** Go's math.Pow where it differs from JS `**`: x^0 = 1 and 1^y = 1 even for NaN, (−1)^±Inf = 1. */
function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return x ** y;
}
