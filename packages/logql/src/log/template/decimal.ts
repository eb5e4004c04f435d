// Sprig's addf/subf/mulf/divf: each float64 becomes the shortest decimal that reads back as it
// (shopspring/decimal's NewFromFloat), the arithmetic is exact in decimal, division is rounded to
// 16 fractional digits (half away from zero), and the result is the float64 nearest that decimal.
import { FuncError } from './funcs-error.js';

/** coefficient × 10^exp */
interface Decimal {
  coef: bigint;
  exp: number;
}

/** Division keeps this many digits after the point (decimal.DivisionPrecision). */
const DIVISION_PRECISION = 16;

function fromFloat(f: number): Decimal {
  // JavaScript prints the shortest round-trip digits, as Go's NewFromFloat takes them
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(f.toExponential())!;
  const frac = m[3] ?? '';
  return { coef: BigInt(m[1]! + m[2]! + frac), exp: Number(m[4]) - frac.length };
}

function rescale(d: Decimal, exp: number): bigint {
  return d.coef * 10n ** BigInt(d.exp - exp);
}

function add(a: Decimal, b: Decimal): Decimal {
  const exp = Math.min(a.exp, b.exp);
  return { coef: rescale(a, exp) + rescale(b, exp), exp };
}

function div(a: Decimal, b: Decimal): Decimal {
  if (b.coef === 0n) throw new FuncError('decimal division by 0');
  // a/b = (a.coef / b.coef) × 10^(a.exp - b.exp), wanted as q × 10^-16
  const shift = a.exp - b.exp + DIVISION_PRECISION;
  let num = a.coef;
  let den = b.coef;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  if (den < 0n) { num = -num; den = -den; }
  let q = num / den;
  const r = num % den;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= den) q += num < 0n ? -1n : 1n;
  return { coef: q, exp: -DIVISION_PRECISION };
}

function toFloat(d: Decimal): number {
  return Number(`${d.coef}e${d.exp}`);
}

export type DecimalOp = 'add' | 'sub' | 'mul' | 'div';

/** Folds `rest` into `first` with the op, as Sprig's execDecimalOp. */
export function decimalFold(op: DecimalOp, first: number, rest: readonly number[]): number {
  let acc = fromFloat(first);
  for (const x of rest) {
    const d = fromFloat(x);
    switch (op) {
      case 'add': acc = add(acc, d); break;
      case 'sub': acc = add(acc, { coef: -d.coef, exp: d.exp }); break;
      case 'mul': acc = { coef: acc.coef * d.coef, exp: acc.exp + d.exp }; break;
      case 'div': acc = div(acc, d); break;
    }
  }
  return toFloat(acc);
}
