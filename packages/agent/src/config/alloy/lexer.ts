import { QuoteError, unquoteGo } from '@logi/protocol';
import { ConfigError, type SourcePos } from '../error.js';

export interface Token {
  type: 'ident' | 'string' | 'number' | 'punct' | 'eof';
  /** Identifier name, punctuation text, the decoded string, or the number's text. */
  value: string;
  pos: SourcePos;
}

const PUNCT = ['==', '!=', '<=', '>=', '&&', '||', '{', '}', '[', ']', '(', ')', ',', '.', '=', '<', '>', '+', '-', '*', '/', '%', '^', '!', ':'];

/** Splits Alloy configuration text into tokens; comments (// and /* *\/) and whitespace are skipped. */
export function tokenize(text: string, file: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (at: number): SourcePos => ({ file, line, col: at - lineStart + 1 });
  const advanceLines = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) { line++; lineStart = k + 1; }
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') { i++; line++; lineStart = i; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') { i++; continue; }
    if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new ConfigError('unterminated block comment', pos(i));
      advanceLines(i, end);
      i = end + 2;
      continue;
    }
    const start = pos(i);
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j]!)) j++;
      out.push({ type: 'ident', value: text.slice(i, j), pos: start });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64))!;
      out.push({ type: 'number', value: m[0], pos: start });
      i += m[0].length;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length || text[j] !== '"') throw new ConfigError('unterminated string', start);
      try {
        out.push({ type: 'string', value: unquoteGo(text.slice(i + 1, j)), pos: start });
      } catch (e) {
        if (e instanceof QuoteError) throw new ConfigError('invalid escape sequence in string', start);
        throw e;
      }
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw new ConfigError('unterminated raw string', start);
      out.push({ type: 'string', value: text.slice(i + 1, end), pos: start });
      advanceLines(i, end);
      i = end + 1;
      continue;
    }
    const p = PUNCT.find((x) => text.startsWith(x, i));
    if (!p) throw new ConfigError(`illegal character ${JSON.stringify(c)}`, start);
    out.push({ type: 'punct', value: p, pos: start });
    i += p.length;
  }
  out.push({ type: 'eof', value: '', pos: pos(i) });
  return out;
}
