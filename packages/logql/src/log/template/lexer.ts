// Lexer for Go text/template: text runs and `{{ … }}` actions (with `{{-`/`-}}` trimming
// and `{{/* comments */}}`).

export type TokenKind =
  | 'text' | 'left' | 'right' | 'ident' | 'field' | 'variable' | 'dot' | 'string' | 'rawString' | 'char'
  | 'number' | 'bool' | 'nil' | 'pipe' | 'lparen' | 'rparen' | 'declare' | 'assign' | 'comma' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string): boolean => /[\p{L}\p{Nd}_]/u.test(c);

/** Splits a template into tokens; throws TemplateError on unterminated actions, strings or comments. */
export function lex(name: string, src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (msg: string): never => {
    throw new TemplateError(`template: ${name}:1: ${msg}`);
  };
  while (i < src.length) {
    let open = src.indexOf('{{', i);
    if (open < 0) open = src.length;
    let text = src.slice(i, open);
    if (open < src.length && src.startsWith('{{- ', open)) text = text.replace(/[ \t\r\n]+$/, '');
    if (text !== '') out.push({ kind: 'text', text, pos: i });
    if (open >= src.length) break;
    i = open + 2;
    if (src.startsWith('- ', i)) i += 2;
    // Comment: `{{/* … */}}` (trim markers allowed around it).
    let j = i;
    while (j < src.length && isSpace(src[j]!)) j++;
    if (src.startsWith('/*', j)) {
      const end = src.indexOf('*/', j + 2);
      if (end < 0) fail('unclosed comment');
      let k = end + 2;
      let trimAfter = false;
      if (src.startsWith(' -}}', k)) { trimAfter = true; k += 4; } else if (src.startsWith('}}', k)) k += 2;
      else fail('comment ends before closing delimiter');
      i = k;
      if (trimAfter) while (i < src.length && isSpace(src[i]!)) i++;
      continue;
    }
    out.push({ kind: 'left', text: '{{', pos: open });
    // Inside the action.
    for (;;) {
      if (i >= src.length) fail('unclosed action');
      const c = src[i]!;
      if (src.startsWith(' -}}', i) || (c === '-' && src.startsWith('-}}', i) && isSpace(src[i - 1] ?? ''))) {
        const k = src.startsWith(' -}}', i) ? i + 4 : i + 3;
        out.push({ kind: 'right', text: '}}', pos: i });
        i = k;
        while (i < src.length && isSpace(src[i]!)) i++;
        break;
      }
      if (src.startsWith('}}', i)) {
        out.push({ kind: 'right', text: '}}', pos: i });
        i += 2;
        break;
      }
      if (isSpace(c)) { i++; continue; }
      const start = i;
      if (c === '|') { out.push({ kind: 'pipe', text: c, pos: i++ }); continue; }
      if (c === '(') { out.push({ kind: 'lparen', text: c, pos: i++ }); continue; }
      if (c === ')') { out.push({ kind: 'rparen', text: c, pos: i++ }); continue; }
      if (c === ',') { out.push({ kind: 'comma', text: c, pos: i++ }); continue; }
      if (c === ':' && src[i + 1] === '=') { out.push({ kind: 'declare', text: ':=', pos: i }); i += 2; continue; }
      if (c === '=') { out.push({ kind: 'assign', text: '=', pos: i++ }); continue; }
      if (c === '"') {
        i++;
        while (i < src.length && src[i] !== '"') {
          if (src[i] === '\\') i++;
          if (src[i] === '\n') fail('unterminated quoted string');
          i++;
        }
        if (i >= src.length) fail('unterminated quoted string');
        i++;
        out.push({ kind: 'string', text: src.slice(start, i), pos: start });
        continue;
      }
      if (c === '`') {
        const end = src.indexOf('`', i + 1);
        if (end < 0) fail('unterminated raw quoted string');
        i = end + 1;
        out.push({ kind: 'rawString', text: src.slice(start, i), pos: start });
        continue;
      }
      if (c === "'") {
        i++;
        while (i < src.length && src[i] !== "'") {
          if (src[i] === '\\') i++;
          i++;
        }
        i++;
        out.push({ kind: 'char', text: src.slice(start, i), pos: start });
        continue;
      }
      if (c === '$') {
        i++;
        while (i < src.length && isAlnum(src[i]!)) i++;
        out.push({ kind: 'variable', text: src.slice(start, i), pos: start });
        continue;
      }
      if (c === '.') {
        if (i + 1 < src.length && /[0-9]/.test(src[i + 1]!)) {
          // a number like .5
        } else {
          i++;
          if (i < src.length && isAlnum(src[i]!)) {
            while (i < src.length && isAlnum(src[i]!)) i++;
            out.push({ kind: 'field', text: src.slice(start, i), pos: start });
          } else {
            out.push({ kind: 'dot', text: '.', pos: start });
          }
          continue;
        }
      }
      if (/[0-9+\-.]/.test(c)) {
        i++;
        while (i < src.length && /[0-9a-zA-Z_.+\-]/.test(src[i]!)) {
          // a sign is only part of the number right after an exponent marker
          if ((src[i] === '+' || src[i] === '-') && !/[eEpP]/.test(src[i - 1]!)) break;
          i++;
        }
        out.push({ kind: 'number', text: src.slice(start, i), pos: start });
        continue;
      }
      if (isAlnum(c)) {
        while (i < src.length && isAlnum(src[i]!)) i++;
        const word = src.slice(start, i);
        out.push({ kind: word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'ident', text: word, pos: start });
        continue;
      }
      fail(`unexpected ${JSON.stringify(c)} in command`);
    }
  }
  out.push({ kind: 'eof', text: '', pos: src.length });
  return out;
}
