import { ConfigError } from '../error.js';
import type { Expr, Statement } from './ast.js';
import { tokenize, type Token } from './lexer.js';

const BINARY: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!=', '<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%'], ['^']];

/** Parses Alloy configuration text into statements; syntax errors carry file:line:col. */
export function parseAlloy(text: string, file: string): Statement[] {
  const toks = tokenize(text, file);
  let i = 0;
  const peek = (): Token => toks[i]!;
  const next = (): Token => toks[i++]!;
  const is = (v: string): boolean => peek().type === 'punct' && peek().value === v;
  const describe = (t: Token): string => (t.type === 'eof' ? 'end of file' : t.type === 'string' ? 'string' : JSON.stringify(t.value));
  const expect = (v: string): Token => {
    const t = next();
    if (t.type !== 'punct' || t.value !== v) throw new ConfigError(`expected ${JSON.stringify(v)}, got ${describe(t)}`, t.pos);
    return t;
  };

  function body(closing: boolean): Statement[] {
    const out: Statement[] = [];
    for (;;) {
      const t = peek();
      if (closing && is('}')) { next(); return out; }
      if (t.type === 'eof') {
        if (closing) throw new ConfigError('expected "}", got end of file', t.pos);
        return out;
      }
      if (t.type !== 'ident') throw new ConfigError(`expected an attribute or block name, got ${describe(t)}`, t.pos);
      next();
      if (is('=')) {
        next();
        out.push({ kind: 'attr', name: t.value, value: expr(0), pos: t.pos });
        continue;
      }
      let name = t.value;
      while (is('.')) {
        next();
        const part = next();
        if (part.type !== 'ident') throw new ConfigError(`expected an identifier after ".", got ${describe(part)}`, part.pos);
        name += '.' + part.value;
      }
      let label: string | undefined;
      if (peek().type === 'string') label = next().value;
      if (!is('{')) throw new ConfigError(`expected "=" or a block "{" after ${JSON.stringify(name)}, got ${describe(peek())}`, peek().pos);
      next();
      out.push({ kind: 'block', name, label, body: body(true), pos: t.pos });
    }
  }

  function expr(level: number): Expr {
    if (level >= BINARY.length) return unary();
    let left = expr(level + 1);
    while (peek().type === 'punct' && BINARY[level]!.includes(peek().value)) {
      const op = next();
      // "^" is right-associative, the rest left-associative
      const right = op.value === '^' ? expr(level) : expr(level + 1);
      left = { kind: 'binary', op: op.value, left, right, pos: op.pos };
    }
    return left;
  }

  function unary(): Expr {
    if (is('!') || is('-')) {
      const op = next();
      return { kind: 'unary', op: op.value, expr: unary(), pos: op.pos };
    }
    return postfix(primary());
  }

  function postfix(e: Expr): Expr {
    for (;;) {
      if (is('.')) {
        const dot = next();
        const name = next();
        if (name.type !== 'ident') throw new ConfigError(`expected a field name after ".", got ${describe(name)}`, name.pos);
        e = { kind: 'access', target: e, name: name.value, pos: dot.pos };
      } else if (is('[')) {
        const b = next();
        const index = expr(0);
        expect(']');
        e = { kind: 'index', target: e, index, pos: b.pos };
      } else if (is('(')) {
        const p = next();
        e = { kind: 'call', fn: e, args: list(')'), pos: p.pos };
      } else return e;
    }
  }

  function list(close: string): Expr[] {
    const items: Expr[] = [];
    while (!is(close)) {
      items.push(expr(0));
      if (!is(close)) {
        const t = peek();
        if (!is(',')) throw new ConfigError(`expected "," or "${close}", got ${describe(t)}`, t.pos);
        next();
      }
    }
    next();
    return items;
  }

  function primary(): Expr {
    const t = next();
    switch (t.type) {
      case 'string': return { kind: 'lit', value: t.value, pos: t.pos };
      case 'number': return { kind: 'lit', value: Number(t.value), pos: t.pos };
      case 'ident':
        if (t.value === 'true' || t.value === 'false') return { kind: 'lit', value: t.value === 'true', pos: t.pos };
        if (t.value === 'null') return { kind: 'lit', value: null, pos: t.pos };
        return { kind: 'ident', name: t.value, pos: t.pos };
      case 'punct':
        if (t.value === '(') {
          const e = expr(0);
          expect(')');
          return e;
        }
        if (t.value === '[') return { kind: 'array', items: list(']'), pos: t.pos };
        if (t.value === '{') {
          const fields: { key: string; value: Expr; pos: typeof t.pos }[] = [];
          while (!is('}')) {
            const k = next();
            if (k.type !== 'ident' && k.type !== 'string') throw new ConfigError(`expected an object key, got ${describe(k)}`, k.pos);
            if (!is('=') && !is(':')) throw new ConfigError(`expected "=" after object key ${JSON.stringify(k.value)}, got ${describe(peek())}`, peek().pos);
            next();
            fields.push({ key: k.value, value: expr(0), pos: k.pos });
            if (!is('}')) {
              if (!is(',')) throw new ConfigError(`expected "," or "}" in object, got ${describe(peek())}`, peek().pos);
              next();
            }
          }
          next();
          return { kind: 'object', fields, pos: t.pos };
        }
    }
    throw new ConfigError(`expected an expression, got ${describe(t)}`, t.pos);
  }

  return body(false);
}
