// Parser for Go text/template: builds the node tree executed by exec.ts.
import { unquoteGo } from '@logi/protocol';
import { lex, TemplateError, type Token } from './lexer.js';

export type Operand =
  | { kind: 'field'; names: string[] } // .a.b (names empty = dot)
  | { kind: 'variable'; name: string; names: string[] } // $x.a
  | { kind: 'func'; name: string; pos: number }
  | { kind: 'string'; value: string; quoted: string }
  | { kind: 'number'; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'pipeline'; pipe: Pipeline; names: string[] }; // (pipe).a

export interface Command {
  args: Operand[];
  /** where the command starts in the template source (a string index) */
  pos: number;
}

export interface Pipeline {
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | ControlNode
  | { kind: 'break' | 'continue' };

/** if / with / range with their bodies; `else if` chains nest in elseList. */
export interface ControlNode {
  kind: 'if' | 'with' | 'range';
  pipe: Pipeline;
  list: Node[];
  elseList: Node[] | undefined;
}

/** `isFunc` tells the defined function names: Go's parser refuses an undefined one before execution. */
export function parseTemplate(name: string, src: string, isFunc: (fn: string) => boolean): Node[] {
  const toks = lex(name, src);
  let p = 0;
  const fail = (msg: string): never => {
    throw new TemplateError(`template: ${name}:1: ${msg}`);
  };
  const peek = (): Token => toks[p]!;
  const next = (): Token => toks[p++]!;
  const expect = (kind: Token['kind'], ctx: string): Token => {
    const t = next();
    if (t.kind !== kind) fail(`unexpected ${JSON.stringify(t.text)} in ${ctx}`);
    return t;
  };

  const fieldNames = (text: string): string[] => text.split('.').slice(1);

  function operand(): Operand | undefined {
    const t = peek();
    let op: Operand;
    switch (t.kind) {
      case 'field': next(); op = { kind: 'field', names: fieldNames(t.text) }; break;
      case 'dot': next(); op = { kind: 'field', names: [] }; break;
      case 'variable': next(); op = { kind: 'variable', name: t.text, names: [] }; break;
      case 'ident':
        if (!isFunc(t.text)) fail(`function ${JSON.stringify(t.text)} not defined`);
        next();
        op = { kind: 'func', name: t.text, pos: t.pos };
        break;
      case 'string':
        next();
        try { op = { kind: 'string', value: unquoteGo(t.text.slice(1, -1)), quoted: t.text }; } catch { return fail(`invalid syntax: ${t.text}`); }
        break;
      case 'rawString': next(); op = { kind: 'string', value: t.text.slice(1, -1).replaceAll('\r', ''), quoted: t.text }; break;
      case 'char': {
        next();
        let v: string;
        try { v = unquoteGo(t.text.slice(1, -1)); } catch { return fail(`invalid syntax: ${t.text}`); }
        op = { kind: 'number', text: String(v.codePointAt(0) ?? 0) };
        break;
      }
      case 'number': next(); op = { kind: 'number', text: t.text }; break;
      case 'bool': next(); op = { kind: 'bool', value: t.text === 'true' }; break;
      case 'nil': next(); op = { kind: 'nil' }; break;
      case 'lparen': {
        next();
        const pipe = pipeline('parenthesized pipeline');
        expect('rparen', 'parenthesized pipeline');
        op = { kind: 'pipeline', pipe, names: [] };
        break;
      }
      default: return undefined;
    }
    // Field chains glued (no space) to a term: `$x.a`, `(pipe).a`.
    while (peek().kind === 'field' && peek().pos === toks[p - 1]!.pos + toks[p - 1]!.text.length
      && (op.kind === 'variable' || op.kind === 'pipeline' || op.kind === 'field')) {
      const names = fieldNames(next().text);
      if (op.kind === 'field') op = { kind: 'field', names: [...op.names, ...names] };
      else op = { ...op, names: [...op.names, ...names] };
    }
    return op;
  }

  function command(): Command {
    const pos = peek().pos;
    const args: Operand[] = [];
    for (;;) {
      const o = operand();
      if (o === undefined) break;
      args.push(o);
    }
    if (args.length === 0) fail(`missing value for command`);
    return { args, pos };
  }

  function pipeline(ctx: string): Pipeline {
    const decl: string[] = [];
    let isAssign = false;
    // Declarations: `$x :=`, `$i, $v :=`, `$x =`.
    const save = p;
    if (peek().kind === 'variable') {
      const vars = [next().text];
      if (peek().kind === 'comma') {
        next();
        if (peek().kind === 'variable') vars.push(next().text);
      }
      const t = peek();
      if (t.kind === 'declare' || t.kind === 'assign') {
        next();
        decl.push(...vars);
        isAssign = t.kind === 'assign';
      } else {
        p = save;
      }
    }
    const cmds: Command[] = [command()];
    while (peek().kind === 'pipe') {
      next();
      cmds.push(command());
    }
    const end = peek().kind;
    if (end !== 'right' && end !== 'rparen') fail(`unexpected ${JSON.stringify(peek().text)} in ${ctx}`);
    return { decl, isAssign, cmds };
  }

  // Returns the list and the keyword that ended it ('end', 'else', or 'eof').
  function list(): { nodes: Node[]; end: 'end' | 'else' | 'eof'; elseIf: boolean } {
    const nodes: Node[] = [];
    for (;;) {
      const t = next();
      if (t.kind === 'eof') return { nodes, end: 'eof', elseIf: false };
      if (t.kind === 'text') { nodes.push({ kind: 'text', text: t.text }); continue; }
      // t is `{{`
      const k = peek();
      if (k.kind === 'ident') {
        switch (k.text) {
          case 'end': next(); expect('right', 'end'); return { nodes, end: 'end', elseIf: false };
          case 'else': {
            next();
            if (peek().kind === 'ident' && (peek().text === 'if' || peek().text === 'with')) return { nodes, end: 'else', elseIf: true };
            expect('right', 'else');
            return { nodes, end: 'else', elseIf: false };
          }
          case 'if': case 'with': case 'range':
            next();
            nodes.push(control(k.text));
            continue;
          case 'break': case 'continue':
            next();
            expect('right', k.text);
            nodes.push({ kind: k.text });
            continue;
          case 'define': case 'template': case 'block':
            fail(`${k.text} is not supported`);
        }
      }
      const pipe = pipeline('command');
      expect('right', 'command');
      nodes.push({ kind: 'action', pipe });
    }
  }

  function control(kind: 'if' | 'with' | 'range'): Node {
    const pipe = pipeline(kind);
    expect('right', kind);
    const body = list();
    if (body.end === 'eof') fail(`unexpected EOF`);
    let elseList: Node[] | undefined;
    if (body.end === 'else') {
      if (body.elseIf) {
        // `{{else if x}}` ≡ `{{else}}{{if x}}…{{end}}` sharing the outer end.
        const k = next().text as 'if' | 'with';
        elseList = [control(k)];
      } else {
        const rest = list();
        if (rest.end !== 'end') fail(rest.end === 'eof' ? 'unexpected EOF' : 'expected end; found {{else}}');
        elseList = rest.nodes;
      }
    }
    return { kind, pipe, list: body.nodes, elseList };
  }

  const top = list();
  if (top.end !== 'eof') fail(`unexpected {{${top.end}}}`);
  return top.nodes;
}

/** Go's String() of a command (parse.CommandNode), which execution errors quote. */
export function commandText(args: readonly Operand[]): string {
  return args.map(operandText).join(' ');
}

function operandText(op: Operand): string {
  const path = (names: readonly string[]): string => names.map((n) => '.' + n).join('');
  switch (op.kind) {
    case 'field': return op.names.length === 0 ? '.' : path(op.names);
    case 'variable': return op.name + path(op.names);
    case 'func': return op.name;
    case 'string': return op.quoted;
    case 'number': return op.text;
    case 'bool': return String(op.value);
    case 'nil': return 'nil';
    case 'pipeline': {
      const decl = op.pipe.decl.length === 0 ? '' : op.pipe.decl.join(', ') + (op.pipe.isAssign ? ' = ' : ' := ');
      return `(${decl}${op.pipe.cmds.map((c) => commandText(c.args)).join(' | ')})${path(op.names)}`;
    }
  }
}
