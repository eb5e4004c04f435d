// An LALR(1) table generator that decides exactly as goyacc does: shift/reduce conflicts by
// precedence (a rule takes the level of its LAST terminal, none if that terminal has none;
// without levels the shift wins), reduce/reduce conflicts for the earlier rule, the most
// frequent reduction of a state as its default action (none where `error` can be shifted).
// Loki's error messages ("unexpected X, expecting A or B") and its error recovery follow
// from these tables, so they must match goyacc's, not merely accept the same language.

export interface RuleSpec {
  lhs: string;
  rhs: readonly string[];
}

export interface GrammarSpec {
  /** Terminal names by token number; [0] unused, [1] `$end`, [2] `error`. */
  terminals: readonly string[];
  precedence: readonly (readonly ['left' | 'right', readonly string[]])[];
  /** The start symbol's rules first is not required; rule numbers follow this order from 1. */
  rules: readonly RuleSpec[];
  start: string;
}

/** Action of a state on a token outside its shifts: a rule to reduce (>0), accept (-1) or error (0). */
export interface ParseTables {
  /** per state: token → state */
  shift: Map<number, number>[];
  /** per state: nonterminal → state */
  goto: Map<number, number>[];
  /** per state: the explicit non-shift actions when the default action alone is not enough */
  exca: (Map<number, number> | undefined)[];
  /** per state: the default reduction (0 = error) */
  defaultReduce: number[];
  /** rule number → [lhs nonterminal, rhs length]; rule 0 is `$accept: start $end` */
  rules: { lhs: number; length: number }[];
  nonterminals: string[];
}

/** In exca maps: accept. */
export const ACCEPT = -1;
const ACCEPT_TEMP = -(1 << 22);

export function buildTables(spec: GrammarSpec): ParseTables {
  const T = spec.terminals.length;
  const termIndex = new Map(spec.terminals.map((n, i) => [n, i]));
  const ntNames = ['$accept'];
  const ntIndex = new Map<string, number>([['$accept', 0]]);
  for (const r of spec.rules) {
    if (!ntIndex.has(r.lhs)) { ntIndex.set(r.lhs, ntNames.length); ntNames.push(r.lhs); }
  }
  const sym = (name: string): number => {
    const t = termIndex.get(name);
    if (t !== undefined) return t;
    const n = ntIndex.get(name);
    if (n === undefined) throw new Error(`BUG: grammar symbol ${name} is undefined`);
    return T + n;
  };
  const tokLevel = new Int32Array(T);
  const tokAssoc: ('left' | 'right' | undefined)[] = new Array(T);
  spec.precedence.forEach(([assoc, toks], i) => {
    for (const t of toks) { tokLevel[sym(t)] = i + 1; tokAssoc[sym(t)] = assoc; }
  });

  const rhs: number[][] = [[sym(spec.start), 1]];
  const lhs: number[] = [0];
  for (const r of spec.rules) { rhs.push(r.rhs.map(sym)); lhs.push(ntIndex.get(r.lhs)!); }
  const R = rhs.length;
  const ruleLevel = new Int32Array(R);
  for (let r = 0; r < R; r++) for (const s of rhs[r]!) if (s < T) ruleLevel[r] = tokLevel[s]!;
  const rulesOf: number[][] = ntNames.map(() => []);
  for (let r = 0; r < R; r++) rulesOf[lhs[r]!]!.push(r);

  // nullable nonterminals
  const nullable = new Uint8Array(ntNames.length);
  for (let changed = true; changed;) {
    changed = false;
    for (let r = 0; r < R; r++) {
      if (nullable[lhs[r]!]) continue;
      if (rhs[r]!.every((s) => s >= T && nullable[s - T])) { nullable[lhs[r]!] = 1; changed = true; }
    }
  }
  const isNullableSym = (s: number): boolean => s >= T && nullable[s - T] === 1;

  // ---- LR(0) automaton; an item is rule * 64 + dot
  const closure = (kernel: readonly number[]): number[] => {
    const items = [...kernel];
    const seen = new Set(items);
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      const s = rhs[it >> 6]![it & 63];
      if (s === undefined || s < T) continue;
      for (const r of rulesOf[s - T]!) {
        const ni = r << 6;
        if (!seen.has(ni)) { seen.add(ni); items.push(ni); }
      }
    }
    return items;
  };
  const states: number[][] = [];
  const stateItems: number[][] = [];
  const trans: Map<number, number>[] = [];
  const stateByKey = new Map<string, number>();
  const addState = (kernel: number[]): number => {
    kernel.sort((a, b) => a - b);
    const key = kernel.join(',');
    let id = stateByKey.get(key);
    if (id === undefined) {
      id = states.length;
      stateByKey.set(key, id);
      states.push(kernel);
      stateItems.push(closure(kernel));
      trans.push(new Map());
    }
    return id;
  };
  addState([0]);
  for (let st = 0; st < states.length; st++) {
    const bySym = new Map<number, number[]>();
    for (const it of stateItems[st]!) {
      const s = rhs[it >> 6]![it & 63];
      if (s === undefined || s === 1) continue; // end of rule, or $end (accepted, never shifted)
      let k = bySym.get(s);
      if (!k) bySym.set(s, (k = []));
      k.push(it + 1);
    }
    for (const [s, kernel] of bySym) trans[st]!.set(s, addState(kernel));
  }
  const S = states.length;

  // ---- LALR(1) look-aheads (DeRemer & Pennello)
  const ntTrans: { from: number; nt: number; to: number }[] = [];
  const ntTransIndex = new Map<number, number>(); // from * NT + nt
  const NT = ntNames.length;
  for (let st = 0; st < S; st++) {
    for (const [s, to] of trans[st]!) {
      if (s >= T) { ntTransIndex.set(st * NT + (s - T), ntTrans.length); ntTrans.push({ from: st, nt: s - T, to }); }
    }
  }
  const X = ntTrans.length;
  const words = (T + 31) >>> 5;
  const sets = ntTrans.map(() => new Uint32Array(words));
  const reads: number[][] = ntTrans.map(() => []);
  ntTrans.forEach((x, i) => {
    for (const s of trans[x.to]!.keys()) {
      if (s < T) sets[i]![s >>> 5]! |= 1 << (s & 31);
      else if (nullable[s - T]) reads[i]!.push(ntTransIndex.get(x.to * NT + (s - T))!);
    }
    // `$end` is never shifted (it is accepted), so it has no transition to read it from
    if (stateItems[x.to]!.some((it) => rhs[it >> 6]![it & 63] === 1)) sets[i]![0]! |= 1 << 1;
  });
  digraph(X, reads, sets);
  const includes: number[][] = ntTrans.map(() => []);
  const lookback = new Map<number, number[]>(); // state * R + rule → transitions
  ntTrans.forEach((y, yi) => {
    for (const r of rulesOf[y.nt]!) {
      let st = y.from;
      const body = rhs[r]!;
      for (let k = 0; k < body.length; k++) {
        const s = body[k]!;
        if (s >= T && body.slice(k + 1).every(isNullableSym)) includes[ntTransIndex.get(st * NT + (s - T))!]!.push(yi);
        st = trans[st]!.get(s)!;
      }
      const key = st * R + r;
      const lb = lookback.get(key);
      if (lb) lb.push(yi);
      else lookback.set(key, [yi]);
    }
  });
  digraph(X, includes, sets);

  // ---- actions, goyacc style
  const shift: Map<number, number>[] = [];
  const gotoTable: Map<number, number>[] = [];
  const exca: (Map<number, number> | undefined)[] = [];
  const defaultReduce: number[] = [];
  const SHIFT_BASE = 1 << 20; // temp values: >= SHIFT_BASE shift, ACCEPT_TEMP, -rule reduce, 0 none
  for (let st = 0; st < S; st++) {
    const temp = new Int32Array(T);
    const sh = new Map<number, number>();
    const gt = new Map<number, number>();
    for (const [s, to] of trans[st]!) {
      if (s < T) temp[s] = SHIFT_BASE + to;
      else gt.set(s - T, to);
    }
    const items = stateItems[st]!;
    if (items.includes((0 << 6) + 1)) temp[1] = ACCEPT_TEMP;
    // kernel items (sorted) come first, then closure items: the order goyacc visits them in
    const reductions = items.filter((it) => rhs[it >> 6]![it & 63] === undefined);
    for (const it of reductions) {
      const r = it >> 6;
      const la = laOf(st, r);
      for (let k = 0; k < T; k++) {
        if (!la || !(la[k >>> 5]! & (1 << (k & 31)))) continue;
        const cur = temp[k]!;
        if (cur === 0) temp[k] = -r;
        else if (cur < 0 && cur !== ACCEPT_TEMP) { if (-cur > r) temp[k] = -r; }
        else {
          const lt = tokLevel[k]!;
          const lp = ruleLevel[r]!;
          if (lt === 0 || lp === 0) continue; // unresolved conflict: keep the shift
          if (lt === lp ? tokAssoc[k] === 'left' : lt < lp) temp[k] = -r;
        }
      }
    }
    // default reduction: the most frequent one (first in token order on ties)
    let lastred = 0;
    let times = 0;
    for (let j = 0; j < T; j++) {
      const a = temp[j]!;
      if (a >= 0 || a === ACCEPT_TEMP || -a === lastred) continue;
      let count = 0;
      for (let p = 0; p < T; p++) if (temp[p] === a) count++;
      if (count > times) { lastred = -a; times = count; }
    }
    for (let p = 0; p < T; p++) if (temp[p]! >= SHIFT_BASE) sh.set(p, temp[p]! - SHIFT_BASE);
    if (sh.has(2)) lastred = 0; // a state that can shift `error` keeps error as its default
    let ex: Map<number, number> | undefined;
    for (let p = 0; p < T; p++) {
      const a = temp[p]!;
      if (a === 0 || a >= SHIFT_BASE || (a !== ACCEPT_TEMP && -a === lastred)) continue;
      (ex ??= new Map()).set(p, a === ACCEPT_TEMP ? ACCEPT : -a);
    }
    shift.push(sh);
    gotoTable.push(gt);
    exca.push(ex);
    defaultReduce.push(lastred);
  }
  return { shift, goto: gotoTable, exca, defaultReduce, rules: rhs.map((b, r) => ({ lhs: lhs[r]!, length: b.length })), nonterminals: ntNames };

  function laOf(st: number, r: number): Uint32Array | undefined {
    const lb = lookback.get(st * R + r);
    if (!lb) return undefined;
    const out = new Uint32Array(words);
    for (const x of lb) { const s = sets[x]!; for (let w = 0; w < words; w++) out[w]! |= s[w]!; }
    return out;
  }
}

/** DeRemer & Pennello's digraph: F(x) = F'(x) ∪ ⋃{F(y) | x R y}, computed in place. */
function digraph(n: number, rel: number[][], sets: Uint32Array[]): void {
  const depth = new Int32Array(n);
  const stack: number[] = [];
  const words = sets[0]?.length ?? 0;
  const union = (a: Uint32Array, b: Uint32Array): void => { for (let w = 0; w < words; w++) a[w]! |= b[w]!; };
  const traverse = (x: number): void => {
    stack.push(x);
    const d = stack.length;
    depth[x] = d;
    for (const y of rel[x]!) {
      if (depth[y] === 0) traverse(y);
      depth[x] = Math.min(depth[x]!, depth[y]!);
      union(sets[x]!, sets[y]!);
    }
    if (depth[x] === d) {
      for (;;) {
        const top = stack.pop()!;
        depth[top] = 0x7fffffff;
        if (top === x) break;
        sets[top]!.set(sets[x]!);
      }
    }
  };
  for (let x = 0; x < n; x++) if (depth[x] === 0) traverse(x);
}
