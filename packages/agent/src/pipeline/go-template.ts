import { createHash } from 'node:crypto';
import RE2 from 're2';
import { unquoteGo } from '@logi/protocol';

/**
 * The subset of Go's text/template that Promtail's template stage is used with: text, {{ pipelines }}
 * with the functions below, `{{ if }} / {{ else if }} / {{ else }} / {{ end }}`, trim markers and comments.
 */
export type Template = (data: Readonly<Record<string, unknown>>) => string;

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'pipe'; pipe: Pipe }
  | { kind: 'if'; branches: { cond: Pipe | null; body: Node[] }[] };
type Arg = { kind: 'field'; path: string[] } | { kind: 'lit'; value: unknown } | { kind: 'fn'; name: string } | { kind: 'sub'; pipe: Pipe };
type Pipe = Arg[][];

const regexes = new Map<string, RE2>();
function re(expr: string): RE2 {
  let r = regexes.get(expr);
  if (!r) regexes.set(expr, (r = new RE2(expr, 'g')));
  return r;
}
const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && v !== null) return Object.keys(v).length > 0;
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}
const cut = (s: string, set: string, left: boolean, right: boolean): string => {
  let a = 0, b = s.length;
  while (left && a < b && set.includes(s[a]!)) a++;
  while (right && b > a && set.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
};

const FUNCS: Readonly<Record<string, (...a: unknown[]) => unknown>> = {
  ToLower: (s) => str(s).toLowerCase(),
  ToUpper: (s) => str(s).toUpperCase(),
  lower: (s) => str(s).toLowerCase(),
  upper: (s) => str(s).toUpperCase(),
  Replace: (s, o, n, count) => {
    let out = str(s);
    const limit = Number(count ?? -1);
    if (limit < 0) return out.split(str(o)).join(str(n));
    for (let i = 0; i < limit && out.includes(str(o)); i++) out = out.replace(str(o), str(n));
    return out;
  },
  replace: (o, n, s) => str(s).split(str(o)).join(str(n)),
  Trim: (s, set) => cut(str(s), str(set), true, true),
  TrimLeft: (s, set) => cut(str(s), str(set), true, false),
  TrimRight: (s, set) => cut(str(s), str(set), false, true),
  TrimPrefix: (s, p) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  TrimSuffix: (s, p) => (str(p) && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s)),
  TrimSpace: (s) => str(s).trim(),
  trim: (s) => str(s).trim(),
  contains: (sub, s) => str(s).includes(str(sub)),
  hasPrefix: (p, s) => str(s).startsWith(str(p)),
  hasSuffix: (p, s) => str(s).endsWith(str(p)),
  regexReplaceAll: (r, s, repl) => str(s).replace(re(str(r)), str(repl).replace(/\$\{?(\w+)\}?/g, (_m, g: string) => `$<${g}>`).replace(/\$<(\d+)>/g, '$$$1')),
  regexReplaceAllLiteral: (r, s, repl) => str(s).replace(re(str(r)), () => str(repl)),
  Hash: (salt, s) => createHash('sha256').update(str(salt) + str(s)).digest('hex').slice(0, 16),
  Sha2Hash: (salt, s) => createHash('sha256').update(str(salt) + str(s)).digest('hex'),
  default: (d, v) => (truthy(v) ? v : d),
  eq: (a, ...b) => b.some((x) => str(x) === str(a)),
  ne: (a, b) => str(a) !== str(b),
  not: (v) => !truthy(v),
  and: (...v) => v.find((x) => !truthy(x)) ?? v[v.length - 1],
  or: (...v) => v.find((x) => truthy(x)) ?? v[v.length - 1],
  len: (v) => (Array.isArray(v) ? v.length : typeof v === 'object' && v ? Object.keys(v).length : str(v).length),
  printf: (f, ...a) => { let i = 0; return str(f).replace(/%[svdq%]/g, (m) => (m === '%%' ? '%' : m === '%q' ? JSON.stringify(str(a[i++])) : str(a[i++]))); },
};

function tokenize(src: string): string[] {
  const out: string[] = [];
  const re = /\s+|"(?:[^"\\]|\\.)*"|`[^`]*`|\.?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|-?\d+(?:\.\d+)?|[|()]|\./y;
  let at = 0;
  while (at < src.length) {
    re.lastIndex = at;
    const m = re.exec(src);
    if (!m) throw new Error(`unexpected "${src[at]}" in action {{${src}}}`);
    if (m[0].trim()) out.push(m[0]);
    at = re.lastIndex;
  }
  return out;
}

function parsePipe(tokens: string[], at: { i: number }): Pipe {
  const cmds: Pipe = [[]];
  while (at.i < tokens.length) {
    const t = tokens[at.i++]!;
    if (t === ')') { at.i--; break; }
    if (t === '|') { cmds.push([]); continue; }
    const cmd = cmds[cmds.length - 1]!;
    if (t === '(') {
      cmd.push({ kind: 'sub', pipe: parsePipe(tokens, at) });
      if (tokens[at.i++] !== ')') throw new Error('unclosed "("');
    } else if (t === '.') cmd.push({ kind: 'field', path: [] });
    else if (t.startsWith('.')) cmd.push({ kind: 'field', path: t.slice(1).split('.') });
    else if (t.startsWith('"')) cmd.push({ kind: 'lit', value: unquoteGo(t.slice(1, -1)) });
    else if (t.startsWith('`')) cmd.push({ kind: 'lit', value: t.slice(1, -1) });
    else if (/^-?\d/.test(t)) cmd.push({ kind: 'lit', value: Number(t) });
    else if (t === 'true' || t === 'false') cmd.push({ kind: 'lit', value: t === 'true' });
    else if (t === 'nil') cmd.push({ kind: 'lit', value: null });
    else if (FUNCS[t]) cmd.push({ kind: 'fn', name: t });
    else throw new Error(`function "${t}" not defined`);
  }
  if (cmds.some((c) => c.length === 0)) throw new Error('empty command in pipeline');
  return cmds;
}

function evalPipe(pipe: Pipe, data: Readonly<Record<string, unknown>>): unknown {
  let prev: unknown;
  for (let c = 0; c < pipe.length; c++) {
    const cmd = pipe[c]!;
    const args = cmd.slice(cmd[0]!.kind === 'fn' ? 1 : 0).map((a) => evalArg(a, data));
    if (c > 0) args.push(prev);
    const head = cmd[0]!;
    if (head.kind === 'fn') prev = FUNCS[head.name]!(...args);
    else if (args.length === 1) prev = args[0];
    else throw new Error('can\'t give argument to non-function');
  }
  return prev;
}

function evalArg(a: Arg, data: Readonly<Record<string, unknown>>): unknown {
  switch (a.kind) {
    case 'lit': return a.value;
    case 'sub': return evalPipe(a.pipe, data);
    case 'fn': return FUNCS[a.name]!();
    case 'field': {
      let v: unknown = data;
      for (const k of a.path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
      return v;
    }
  }
}

/** Compiles a template; throws with a message naming the problem on a syntax error or unknown function. */
export function compileTemplate(src: string): Template {
  const root: Node[] = [];
  const stack: { node: Extract<Node, { kind: 'if' }>; body: Node[] }[] = [];
  let body = root;
  let at = 0;
  let trimNext = false;
  while (at < src.length) {
    const open = src.indexOf('{{', at);
    let text = src.slice(at, open < 0 ? src.length : open);
    if (trimNext) text = text.trimStart();
    if (open < 0) { if (text) body.push({ kind: 'text', text }); break; }
    const close = src.indexOf('}}', open + 2);
    if (close < 0) throw new Error('unclosed action "{{"');
    let inner = src.slice(open + 2, close);
    if (inner.startsWith('-')) { text = text.trimEnd(); inner = inner.slice(1); }
    trimNext = inner.endsWith('-');
    if (trimNext) inner = inner.slice(0, -1);
    if (text) body.push({ kind: 'text', text });
    at = close + 2;
    inner = inner.trim();
    if (inner.startsWith('/*')) continue;
    const tokens = tokenize(inner);
    const word = tokens[0];
    const pos = { i: 1 };
    if (word === 'if') {
      const node: Extract<Node, { kind: 'if' }> = { kind: 'if', branches: [{ cond: parsePipe(tokens, pos), body: [] }] };
      body.push(node);
      stack.push({ node, body });
      body = node.branches[0]!.body;
    } else if (word === 'else') {
      const top = stack[stack.length - 1];
      if (!top) throw new Error('unexpected {{else}}');
      const cond = tokens[1] === 'if' ? parsePipe(tokens, { i: 2 }) : null;
      const branch = { cond, body: [] as Node[] };
      top.node.branches.push(branch);
      body = branch.body;
    } else if (word === 'end') {
      const top = stack.pop();
      if (!top) throw new Error('unexpected {{end}}');
      body = top.body;
    } else {
      pos.i = 0;
      body.push({ kind: 'pipe', pipe: parsePipe(tokens, pos) });
    }
  }
  if (stack.length) throw new Error('unexpected EOF: missing {{end}}');
  const run = (nodes: readonly Node[], data: Readonly<Record<string, unknown>>): string => {
    let out = '';
    for (const n of nodes) {
      if (n.kind === 'text') out += n.text;
      else if (n.kind === 'pipe') out += str(evalPipe(n.pipe, data));
      else {
        const b = n.branches.find((x) => x.cond === null || truthy(evalPipe(x.cond, data)));
        if (b) out += run(b.body, data);
      }
    }
    return out;
  };
  return (data) => run(root, data);
}
