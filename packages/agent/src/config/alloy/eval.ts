import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type SourcePos } from '../error.js';
import type { Expr } from './ast.js';

/** An opaque export of a component: a receiver to forward entries to, or a dynamic list of file targets. */
export class Capsule {
  readonly kind: 'receiver' | 'targets';
  /** The exporting component, e.g. "loki.process.add_labels". */
  readonly id: string;
  constructor(kind: 'receiver' | 'targets', id: string) {
    this.kind = kind;
    this.id = id;
  }
}

export class Func {
  readonly name: string;
  readonly call: (args: Value[]) => Value;
  constructor(name: string, call: (args: Value[]) => Value) {
    this.name = name;
    this.call = call;
  }
}

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | Capsule | Func;
export type Scope = { [key: string]: Value };

function isObject(v: Value): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Capsule) && !(v instanceof Func);
}

function typeName(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Capsule) return 'capsule';
  if (v instanceof Func) return 'function';
  return typeof v === 'object' ? 'object' : typeof v;
}

const str = (v: Value, fn: string): string => {
  if (typeof v !== 'string') throw new Error(`${fn}: expected a string, got ${typeName(v)}`);
  return v;
};

function sprintf(format: string, args: Value[]): string {
  let i = 0;
  return format.replace(/%([-+ 0#]*\d*(?:\.\d+)?)([sdfvqt%])/g, (_m, _flags: string, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (verb === 'q') return JSON.stringify(a);
    if (verb === 'd') return String(Math.trunc(Number(a)));
    return typeof a === 'object' && a !== null ? JSON.stringify(a) : String(a);
  });
}

/** Alloy's standard library, as far as file-agent configs use it. */
export function stdlib(): Scope {
  const fn = (name: string, call: (args: Value[]) => Value): Func => new Func(name, call);
  const envFn = fn('sys.env', (a) => process.env[str(a[0] ?? null, 'sys.env')] ?? '');
  const concat = fn('array.concat', (a) => a.flatMap((x) => {
    if (!Array.isArray(x)) throw new Error(`array.concat: expected arrays, got ${typeName(x)}`);
    return x;
  }));
  const fromJSON = fn('encoding.from_json', (a) => JSON.parse(str(a[0] ?? null, 'encoding.from_json')) as Value);
  return {
    sys: { env: envFn },
    env: envFn,
    constants: { hostname: hostname(), os: process.platform, arch: process.arch },
    coalesce: fn('coalesce', (a) => a.find((x) => x !== null && x !== '' && x !== false && !(Array.isArray(x) && x.length === 0)) ?? null),
    concat,
    array: { concat },
    json_decode: fromJSON,
    encoding: { from_json: fromJSON },
    file: { path_join: fn('file.path_join', (a) => join(...a.map((x) => str(x, 'file.path_join')))) },
    string: {
      format: fn('string.format', (a) => sprintf(str(a[0] ?? null, 'string.format'), a.slice(1))),
      join: fn('string.join', (a) => {
        if (!Array.isArray(a[0])) throw new Error('string.join: expected an array');
        return a[0].map((x) => str(x, 'string.join')).join(str(a[1] ?? '', 'string.join'));
      }),
      to_lower: fn('string.to_lower', (a) => str(a[0] ?? null, 'string.to_lower').toLowerCase()),
      to_upper: fn('string.to_upper', (a) => str(a[0] ?? null, 'string.to_upper').toUpperCase()),
      trim_space: fn('string.trim_space', (a) => str(a[0] ?? null, 'string.trim_space').trim()),
      trim_prefix: fn('string.trim_prefix', (a) => {
        const s = str(a[0] ?? null, 'string.trim_prefix'), p = str(a[1] ?? null, 'string.trim_prefix');
        return s.startsWith(p) ? s.slice(p.length) : s;
      }),
      trim_suffix: fn('string.trim_suffix', (a) => {
        const s = str(a[0] ?? null, 'string.trim_suffix'), p = str(a[1] ?? null, 'string.trim_suffix');
        return p && s.endsWith(p) ? s.slice(0, -p.length) : s;
      }),
      replace: fn('string.replace', (a) => str(a[0] ?? null, 'string.replace').split(str(a[1] ?? null, 'string.replace')).join(str(a[2] ?? null, 'string.replace'))),
      split: fn('string.split', (a) => str(a[0] ?? null, 'string.split').split(str(a[1] ?? null, 'string.split'))),
    },
  };
}

/** The dotted text of a reference such as `loki.process.x.receiver`, for error messages. */
function refText(e: Expr): string | undefined {
  if (e.kind === 'ident') return e.name;
  if (e.kind === 'access') {
    const t = refText(e.target);
    return t === undefined ? undefined : `${t}.${e.name}`;
  }
  return undefined;
}

function compare(op: string, a: Value, b: Value, pos: SourcePos): boolean {
  if (op === '==' || op === '!=') {
    const eq = JSON.stringify(a) === JSON.stringify(b);
    return op === '==' ? eq : !eq;
  }
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) throw new ConfigError(`cannot compare ${typeName(a)} and ${typeName(b)} with ${op}`, pos);
  const x = a as number | string, y = b as number | string;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function arith(op: string, a: Value, b: Value, pos: SourcePos): Value {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a !== 'number' || typeof b !== 'number') throw new ConfigError(`cannot apply ${op} to ${typeName(a)} and ${typeName(b)}`, pos);
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    default: return a ** b;
  }
}

/** Evaluates an expression; unknown references and type errors are ConfigErrors at the expression. */
export function evaluate(e: Expr, scope: Scope): Value {
  switch (e.kind) {
    case 'lit': return e.value;
    case 'array': return e.items.map((x) => evaluate(x, scope));
    case 'object': {
      const o: { [key: string]: Value } = {};
      for (const f of e.fields) o[f.key] = evaluate(f.value, scope);
      return o;
    }
    case 'ident': {
      if (!(e.name in scope)) throw new ConfigError(`identifier "${e.name}" does not exist`, e.pos);
      return scope[e.name]!;
    }
    case 'access': {
      const t = evaluate(e.target, scope);
      if (!isObject(t) || !(e.name in t)) {
        const ref = refText(e);
        let root: Expr = e;
        while (root.kind === 'access') root = root.target;
        throw new ConfigError(ref ? `component or field "${ref}" does not exist or is out of scope` : `field "${e.name}" does not exist`, ref ? root.pos : e.pos);
      }
      return t[e.name]!;
    }
    case 'index': {
      const t = evaluate(e.target, scope);
      const k = evaluate(e.index, scope);
      if (Array.isArray(t) && typeof k === 'number') return t[k] ?? null;
      if (isObject(t) && typeof k === 'string') return t[k] ?? null;
      throw new ConfigError(`cannot index ${typeName(t)} with ${typeName(k)}`, e.pos);
    }
    case 'call': {
      const f = evaluate(e.fn, scope);
      if (!(f instanceof Func)) throw new ConfigError(`${refText(e.fn) ?? 'value'} is not a function`, e.pos);
      const args = e.args.map((a) => evaluate(a, scope));
      try {
        return f.call(args);
      } catch (err) {
        throw new ConfigError((err as Error).message, e.pos);
      }
    }
    case 'unary': {
      const v = evaluate(e.expr, scope);
      if (e.op === '!') {
        if (typeof v !== 'boolean') throw new ConfigError(`cannot apply ! to ${typeName(v)}`, e.pos);
        return !v;
      }
      if (typeof v !== 'number') throw new ConfigError(`cannot negate ${typeName(v)}`, e.pos);
      return -v;
    }
    case 'binary': {
      const a = evaluate(e.left, scope);
      if (e.op === '&&' || e.op === '||') {
        if (typeof a !== 'boolean') throw new ConfigError(`cannot apply ${e.op} to ${typeName(a)}`, e.pos);
        if (e.op === '&&' ? !a : a) return a;
        const b = evaluate(e.right, scope);
        if (typeof b !== 'boolean') throw new ConfigError(`cannot apply ${e.op} to ${typeName(b)}`, e.pos);
        return b;
      }
      const b = evaluate(e.right, scope);
      if (['==', '!=', '<', '<=', '>', '>='].includes(e.op)) return compare(e.op, a, b, e.pos);
      return arith(e.op, a, b, e.pos);
    }
  }
}
