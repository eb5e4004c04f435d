// Executes a parsed Go text/template over an entry's labels. Templates are compiled once
// per query (`compileTemplate`) and executed per line.
import { checkRangeIterations, checkTemplateText } from './bounded.js';
import { FUNCS, FuncError, type FuncContext, type TemplateFunc } from './funcs.js';
import { TemplateError } from './lexer.js';
import { type Command, commandText, type ControlNode, type Node, type Operand, parseTemplate, type Pipeline } from './parser.js';
import { GoTime, timeMethod } from './go-time.js';
import { formatValue, type GoValue, isTrue, LabelMap, mapGet, typeName } from './values.js';

/** The template's root data: the entry's labels (a missing key reads as ""). */
class LabelData {
  readonly rec: Readonly<Record<string, string>>;
  #map: LabelMap | undefined;
  constructor(rec: Readonly<Record<string, string>>) {
    this.rec = rec;
  }

  /** The labels as a Go value, made only when a template uses `.` or `$` whole. */
  asMap(): LabelMap {
    return (this.#map ??= new LabelMap(Object.entries(this.rec)));
  }
}

const valueOf = (d: Dot): GoValue => (d instanceof LabelData ? d.asMap() : d);

type Dot = GoValue | LabelData;

class Break {}
class Continue {}

interface State {
  ctx: FuncContext;
  funcs: Readonly<Record<string, TemplateFunc>>;
  /** the template source, for the location in execution errors */
  src: string;
  vars: [string, Dot][];
  out: string[];
  /** characters in `out`, bounded as every template result (see bounded.ts) */
  outLength: number;
  /** `range` bodies run so far, bounded as the output (see bounded.ts) */
  iterations: number;
  name: string;
}

function emit(st: State, text: string): void {
  checkTemplateText((st.outLength += text.length));
  st.out.push(text);
}

const NUMBER_INT = /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]*|[1-9][0-9_]*)$/;

function numberValue(text: string, name: string): GoValue {
  if (NUMBER_INT.test(text)) {
    const neg = text.startsWith('-');
    let body = text.replace(/^[+-]/, '').replaceAll('_', '');
    if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
    const n = BigInt(body.replace(/^0[oO]/, '0o'));
    return neg ? -n : n;
  }
  const f = Number(text.replaceAll('_', ''));
  if (Number.isNaN(f)) throw new TemplateError(`template: ${name}:1: bad number syntax: "${text}"`);
  return f;
}

function fieldOf(v: Dot, names: readonly string[], st: State): GoValue {
  let cur: Dot = v;
  for (const n of names) {
    if (cur instanceof LabelData) cur = cur.rec[n] ?? '';
    else if (cur instanceof Map) cur = mapGet(cur, n);
    else if (cur === null) return null;
    else {
      const method = cur instanceof GoTime ? timeMethod(cur, n) : undefined;
      if (method === undefined) throw new FuncError(`template: ${st.name}:1: executing "${st.name}" at <.${n}>: can't evaluate field ${n} in type ${typeName(cur)}`);
      cur = method;
    }
  }
  return cur instanceof LabelData ? formatValue(null) : cur;
}

function lookupVar(st: State, name: string): Dot {
  for (let i = st.vars.length - 1; i >= 0; i--) if (st.vars[i]![0] === name) return st.vars[i]![1];
  throw new FuncError(`template: ${st.name}:1: undefined variable: ${name}`);
}

function evalOperand(op: Operand, dot: Dot, st: State): GoValue {
  switch (op.kind) {
    case 'field': return op.names.length === 0 ? valueOf(dot) : fieldOf(dot, op.names, st);
    case 'variable': {
      const v = lookupVar(st, op.name);
      return op.names.length === 0 ? valueOf(v) : fieldOf(v, op.names, st);
    }
    case 'func': return callFunc(op.name, { args: [op], pos: op.pos }, undefined, dot, st);
    case 'string': return op.value;
    case 'number': return numberValue(op.text, st.name);
    case 'bool': return op.value;
    case 'nil': return null;
    case 'pipeline': {
      const v = evalPipeline(op.pipe, dot, st);
      return op.names.length === 0 ? v : fieldOf(v, op.names, st);
    }
  }
}

/**
 * Go's execution error for a node: `template: line:1:6: executing "line" at <gt .status 500>: …`
 * (the column counts bytes from the start of the line; the node text is cut at 20 bytes).
 */
function execError(st: State, cmd: Command, message: string): FuncError {
  const before = st.src.slice(0, cmd.pos);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  const col = Buffer.byteLength(before.slice(lineStart), 'utf8');
  let context = commandText(cmd.args);
  if (Buffer.byteLength(context, 'utf8') > 20) context = [...context].slice(0, 20).join('') + '...';
  return new FuncError(`template: ${st.name}:${line}:${col}: executing "${st.name}" at <${context}>: ${message}`);
}

/** Calls the function named by the command's first operand; `cmd.args` are its operands, the name first. */
function callFunc(name: string, cmd: Command, piped: GoValue | undefined, dot: Dot, st: State): GoValue {
  const argOps = cmd.args.slice(1);
  // and/or evaluate lazily (Go ≥ 1.18).
  if (name === 'and' || name === 'or') {
    const vals: (() => GoValue)[] = argOps.map((o) => () => evalOperand(o, dot, st));
    if (piped !== undefined) vals.push(() => piped);
    if (vals.length === 0) throw new FuncError(`template: ${st.name}:1: wrong number of args for ${name}: want at least 1 got 0`);
    let v: GoValue = null;
    for (const f of vals) {
      v = f();
      if (name === 'and' ? !isTrue(v) : isTrue(v)) return v;
    }
    return v;
  }
  const fn = st.funcs[name]!; // the parser refuses undefined functions
  const args = argOps.map((o) => evalOperand(o, dot, st));
  if (piped !== undefined) args.push(piped);
  // functions that join their arguments (cat, print…) stay within the bound when their inputs do
  checkTemplateText(args.reduce((n: number, a) => n + (typeof a === 'string' ? a.length : 0), 0));
  let result: GoValue;
  try {
    result = fn(args, st.ctx);
  } catch (e) {
    if (e instanceof FuncError) throw execError(st, cmd, `error calling ${name}: ${e.message}`);
    throw e;
  }
  if (typeof result === 'string') checkTemplateText(result.length);
  return result;
}

function evalCommand(cmd: Command, piped: GoValue | undefined, dot: Dot, st: State): GoValue {
  const first = cmd.args[0]!;
  if (first.kind === 'func') return callFunc(first.name, cmd, piped, dot, st);
  if (cmd.args.length > 1 || piped !== undefined) {
    throw new FuncError(`template: ${st.name}:1: executing "${st.name}": can't give argument to non-function ${formatOperand(first)}`);
  }
  return evalOperand(first, dot, st);
}

function formatOperand(op: Operand): string {
  switch (op.kind) {
    case 'field': return '.' + op.names.join('.');
    case 'string': return JSON.stringify(op.value);
    case 'number': return op.text;
    default: return op.kind;
  }
}

function evalPipeline(pipe: Pipeline, dot: Dot, st: State): GoValue {
  let v: GoValue | undefined;
  for (const c of pipe.cmds) v = evalCommand(c, v, dot, st);
  const value = v ?? null;
  if (pipe.decl.length > 0) {
    if (pipe.isAssign) {
      const name = pipe.decl[0]!;
      for (let i = st.vars.length - 1; i >= 0; i--) if (st.vars[i]![0] === name) { st.vars[i] = [name, value]; break; }
    } else {
      st.vars.push([pipe.decl[0]!, value]);
    }
  }
  return value;
}

function walk(nodes: readonly Node[], dot: Dot, st: State): void {
  for (const n of nodes) {
    switch (n.kind) {
      case 'text': emit(st, n.text); break;
      case 'action': {
        const v = evalPipeline(n.pipe, dot, st);
        if (n.pipe.decl.length === 0) emit(st, v === null ? '<no value>' : formatValue(v));
        break;
      }
      case 'if': case 'with': {
        const mark = st.vars.length;
        const v = evalPipeline(n.pipe, dot, st);
        if (isTrue(v)) walk(n.list, n.kind === 'with' ? v : dot, st);
        else if (n.elseList !== undefined) walk(n.elseList, dot, st);
        st.vars.length = mark;
        break;
      }
      case 'range': rangeNode(n, dot, st); break;
      case 'break': throw new Break();
      case 'continue': throw new Continue();
    }
  }
}

/** `range` over an integer: 0 … n-1, made one at a time. */
function* countTo(n: bigint): Generator<[GoValue, GoValue]> {
  for (let i = 0n; i < n; i++) yield [i, i];
}

function rangeNode(n: ControlNode, dot: Dot, st: State): void {
  const mark = st.vars.length;
  const decl = n.pipe.decl;
  const v = evalPipeline({ ...n.pipe, decl: [] }, dot, st);
  let items: Iterable<[GoValue, GoValue]> = [];
  let empty = true;
  if (Array.isArray(v)) { items = v.map((x, i): [GoValue, GoValue] => [BigInt(i), x]); empty = v.length === 0; }
  else if (v instanceof Map) { items = [...v.keys()].sort().map((k): [GoValue, GoValue] => [k, v.get(k)!]); empty = v.size === 0; }
  else if (typeof v === 'bigint') { items = countTo(v); empty = v <= 0n; }
  else if (v !== null) throw new FuncError(`template: ${st.name}:1: range can't iterate over ${formatValue(v)}`);
  if (empty) {
    if (n.elseList !== undefined) walk(n.elseList, dot, st);
    return;
  }
  for (const [k, x] of items) {
    checkRangeIterations(++st.iterations);
    st.vars.length = mark;
    if (decl.length === 1) st.vars.push([decl[0]!, x]);
    else if (decl.length === 2) st.vars.push([decl[0]!, k], [decl[1]!, x]);
    try {
      walk(n.list, x, st);
    } catch (e) {
      if (e instanceof Break) break;
      if (e instanceof Continue) continue;
      throw e;
    }
  }
  st.vars.length = mark;
}

/** Functions whose result depends on the entry's line or time, or on the clock, not on labels alone. */
const UNREPEATABLE_FUNCS = new Set(['__line__', '__timestamp__', 'now', 'date', 'unixEpoch', 'unixEpochMillis', 'unixEpochNanos']);

/** Every operand of the template, nested pipelines included, in source order. */
function operandsOf(nodes: readonly Node[]): Operand[] {
  const out: Operand[] = [];
  const visitPipe = (p: Pipeline): void => {
    for (const c of p.cmds) {
      for (const o of c.args) {
        out.push(o);
        if (o.kind === 'pipeline') visitPipe(o.pipe);
      }
    }
  };
  const visit = (ns: readonly Node[]): void => {
    for (const x of ns) {
      if (x.kind === 'action') visitPipe(x.pipe);
      else if (x.kind === 'if' || x.kind === 'with' || x.kind === 'range') {
        visitPipe(x.pipe);
        visit(x.list);
        if (x.elseList !== undefined) visit(x.elseList);
      }
    }
  };
  visit(nodes);
  return out;
}

/**
 * The label names a template's output depends on, when it depends on nothing else: not on the line,
 * the time or the clock, and not on the whole label map (`.` or `$` alone). Undefined otherwise.
 */
function labelOnlyInputs(ops: readonly Operand[]): string[] | undefined {
  const names = new Set<string>();
  for (const o of ops) {
    if (o.kind === 'field' || (o.kind === 'variable' && o.name === '$')) {
      if (o.names[0] === undefined) return undefined;
      names.add(o.names[0]);
    } else if (o.kind === 'func' && UNREPEATABLE_FUNCS.has(o.name)) return undefined;
  }
  return [...names];
}

/** The last execution of a label-only template: its inputs and its output or error. */
interface LastRun {
  inputs: (string | undefined)[];
  result: { out: string } | { err: unknown };
}

export class CompiledTemplate {
  readonly #nodes: Node[];
  readonly #name: string;
  readonly #src: string;
  readonly #funcs: Readonly<Record<string, TemplateFunc>>;
  /** Label names the template reads with `.name` (for metric-query parser hints). */
  readonly fields: readonly string[];
  /** The template is plain text (no actions): output is constant. */
  readonly constant: string | undefined;
  /**
   * Set when the output depends only on these labels. Consecutive lines of a stream mostly carry the
   * same values, and a costly template (a large `repeat`, a long `range`) that fails on every line would
   * otherwise redo its work per line, so the last run is reused while its inputs are unchanged.
   */
  readonly #inputs: readonly string[] | undefined;
  #last: LastRun | undefined;

  constructor(name: string, src: string, nodes: Node[], funcs: Readonly<Record<string, TemplateFunc>>) {
    this.#name = name;
    this.#src = src;
    this.#funcs = funcs;
    this.#nodes = nodes;
    const ops = operandsOf(nodes);
    this.fields = [...new Set(ops.flatMap((o) => (o.kind === 'field' && o.names[0] !== undefined ? [o.names[0]] : [])))];
    this.constant = nodes.every((x) => x.kind === 'text') ? nodes.map((x) => (x.kind === 'text' ? x.text : '')).join('') : undefined;
    this.#inputs = labelOnlyInputs(ops);
  }

  /** Renders; throws TemplateError (or FuncError) on an execution error. */
  execute(labels: Readonly<Record<string, string>>, ctx: FuncContext): string {
    if (this.constant !== undefined) return this.constant;
    const names = this.#inputs;
    if (names === undefined) return this.#run(labels, ctx);
    const last = this.#last;
    if (last !== undefined && names.every((n, i) => labels[n] === last.inputs[i])) {
      if ('err' in last.result) throw last.result.err;
      return last.result.out;
    }
    const inputs = names.map((n) => labels[n]);
    try {
      const out = this.#run(labels, ctx);
      this.#last = { inputs, result: { out } };
      return out;
    } catch (err) {
      this.#last = { inputs, result: { err } };
      throw err;
    }
  }

  #run(labels: Readonly<Record<string, string>>, ctx: FuncContext): string {
    return this.#walk(new LabelData(labels), ctx);
  }

  /** Renders with any root data (`.`), e.g. Prometheus' alert data; no reuse of earlier runs. */
  executeData(root: GoValue, ctx: FuncContext): string {
    return this.#walk(root, ctx);
  }

  #walk(root: Dot, ctx: FuncContext): string {
    const st: State = { ctx, funcs: this.#funcs, src: this.#src, vars: [['$', root]], out: [], outLength: 0, iterations: 0, name: this.#name };
    walk(this.#nodes, root, st);
    return st.out.join('');
  }
}

/**
 * Parses a template; throws TemplateError with Go's message shape on a syntax error.
 * `funcs` is the function table (line_format's by default); and/or are always there.
 */
export function compileTemplate(name: string, src: string, funcs: Readonly<Record<string, TemplateFunc>> = FUNCS): CompiledTemplate {
  const isFunc = (fn: string): boolean => fn === 'and' || fn === 'or' || Object.hasOwn(funcs, fn);
  return new CompiledTemplate(name, src, parseTemplate(name, src, isFunc), funcs);
}

export { TemplateError, FuncError };
