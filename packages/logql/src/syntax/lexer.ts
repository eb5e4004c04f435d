// Loki's LogQL lexer (pkg/logql/syntax/lex.go) on top of the Go scanner: keyword and
// operator tokens, function words that are keywords only before `(`, durations and byte
// sizes glued to numbers, `[range]` tokens and parser flags. Lexing errors are recorded
// with the scanner position at the time, and the token returned is end-of-input.

import { unquoteGo } from '@logi/protocol';
import { GoScanner, Tok, isLetter, isNumber, isSpace } from './scanner.js';
import { FUNCTION_TOKENS, KEYWORD_TOKENS, TOKEN } from './tokens.js';
import { parseDuration, parseBytes, parsePromDuration } from './units.js';
import { ParseError } from './errors.js';

export interface Lexeme {
  tok: number;
  /** string for IDENTIFIER/STRING/NUMBER/PARSER_FLAG, ns for DURATION/RANGE, bytes for BYTES */
  value: string | number | undefined;
}

const PARSER_FLAGS = new Set(['--strict', '--keep-empty']);
const DURATION_RUNES = new Set(['n', 'u', 'µ', 'm', 's', 'h', 'd', 'w', 'y'].map((c) => c.codePointAt(0)!));
const BYTES_RUNES = new Set(['B', 'i', 'k', 'K', 'M', 'G', 'T', 'P'].map((c) => c.codePointAt(0)!));

export class Lexer {
  readonly sc = new GoScanner();
  readonly errors: ParseError[] = [];

  constructor(input: string) {
    this.sc.init(input);
    this.sc.onError = (msg) => this.error(msg);
  }

  /** Records an error at the scanner's current token position (Loki's lexer.Error). */
  error(msg: string): void {
    this.errors.push(new ParseError(msg, this.sc.posLine, this.sc.posColumn));
  }

  lex(): Lexeme {
    const sc = this.sc;
    for (;;) {
      const r = sc.Scan();
      switch (r) {
        case 0x23: // '#': comment to end of line
          for (let next = sc.Peek(); !(next === 0x0a || next === Tok.EOF); next = sc.Next()) { /* skip */ }
          continue;
        case Tok.EOF:
          return { tok: 0, value: undefined };
        case Tok.Int:
        case Tok.Float: {
          const text = sc.TokenText();
          const dur = tryScanDuration(text, sc);
          if (dur !== undefined) return { tok: TOKEN.DURATION, value: dur };
          const bytes = tryScanBytes(text, sc);
          if (bytes !== undefined) return { tok: TOKEN.BYTES, value: bytes };
          return { tok: TOKEN.NUMBER, value: text };
        }
        case 0x2d: { // '-': parser flags and negative durations
          if (sc.Peek() === 0x2d) {
            const flag = tryScanFlag(sc);
            if (flag !== undefined) return { tok: TOKEN.PARSER_FLAG, value: flag };
          }
          const dur = tryScanDuration(sc.TokenText(), sc);
          if (dur !== undefined) return { tok: TOKEN.DURATION, value: dur };
          break;
        }
        case Tok.String:
        case Tok.RawString: {
          const text = sc.TokenText();
          const value = unquote(text);
          if (value === undefined) {
            this.error('invalid syntax');
            return { tok: 0, value: undefined };
          }
          return { tok: TOKEN.STRING, value };
        }
      }
      if (r === 0x5b) return this.lexRange();
      return this.lexWord();
    }
  }

  private lexRange(): Lexeme {
    const sc = this.sc;
    let body = '';
    for (let r = sc.Next(); r !== Tok.EOF; r = sc.Next()) {
      if (r === 0x5d) {
        try {
          return { tok: TOKEN.RANGE, value: parsePromDuration(body) };
        } catch (e) {
          this.error((e as Error).message);
          return { tok: 0, value: undefined };
        }
      }
      body += String.fromCodePoint(r);
    }
    this.error("missing closing ']' in duration");
    return { tok: 0, value: undefined };
  }

  private lexWord(): Lexeme {
    const sc = this.sc;
    const text = sc.TokenText();
    const lower = text.toLowerCase();
    const peek = sc.Peek();
    const nextText = (text + (peek < 0 ? '\ufffd' : String.fromCodePoint(peek))).toLowerCase();
    const fnNext = FUNCTION_TOKENS[nextText];
    if (fnNext !== undefined) {
      const look = sc.clone();
      look.Next();
      if (isFunction(look)) {
        sc.Next();
        return { tok: TOKEN[fnNext], value: undefined };
      }
    }
    const fn = FUNCTION_TOKENS[lower];
    if (fn !== undefined) {
      if (!isFunction(sc.clone())) return { tok: TOKEN.IDENTIFIER, value: text };
      return { tok: TOKEN[fn], value: undefined };
    }
    const kwNext = KEYWORD_TOKENS[nextText];
    if (kwNext !== undefined) {
      sc.Next();
      return { tok: TOKEN[kwNext], value: undefined };
    }
    const kw = KEYWORD_TOKENS[lower];
    if (kw !== undefined) return { tok: TOKEN[kw], value: undefined };
    return { tok: TOKEN.IDENTIFIER, value: text };
  }
}

/** strutil.Unquote for "…" and `…` tokens; undefined = Go's "invalid syntax". */
function unquote(text: string): string | undefined {
  if (text.length < 2) return undefined;
  const q = text[0];
  if (q !== text[text.length - 1]) return undefined;
  const body = text.slice(1, -1);
  if (q === '`') return body.includes('`') ? undefined : body;
  if (q !== '"' || body.includes('\n')) return undefined;
  try {
    return unquoteGo(body);
  } catch {
    return undefined;
  }
}

function tryScanFlag(sc: GoScanner): string | undefined {
  let flag = sc.TokenText();
  const look = sc.clone();
  let consumed = 0;
  for (let r = look.Peek(); isLetter(r) || r === 0x2d; r = look.Peek()) {
    flag += String.fromCodePoint(r);
    look.Next();
    consumed++;
  }
  if (!PARSER_FLAGS.has(flag)) return undefined;
  for (let i = 0; i < consumed; i++) sc.Next();
  return flag;
}

/** Loki's look-ahead for a duration glued to a number (`5m`, `1.5h`, `-30s`). */
function tryScanDuration(number: string, sc: GoScanner): number | undefined {
  return tryScanUnit(number, sc, (r) => DURATION_RUNES.has(r), (text) => {
    try {
      return parsePromDuration(text);
    } catch {
      return parseDuration(text);
    }
  });
}

/** Loki's look-ahead for a byte size glued to a number (`1.5KB`, `10KiB`). */
function tryScanBytes(number: string, sc: GoScanner): number | undefined {
  return tryScanUnit(number, sc, (r) => BYTES_RUNES.has(r), parseBytes);
}

function tryScanUnit(number: string, sc: GoScanner, isUnitRune: (r: number) => boolean, parse: (t: string) => number): number | undefined {
  let text = number;
  const look = sc.clone();
  let consumed = 0;
  for (let r = look.Peek(); r !== Tok.EOF && !isSpace(r); r = look.Peek()) {
    if (!isNumber(r) && !isUnitRune(r) && r !== 0x2e) break;
    text += String.fromCodePoint(r);
    look.Next();
    consumed++;
  }
  if (consumed === 0) return undefined;
  let value: number;
  try {
    value = parse(text);
  } catch {
    return undefined;
  }
  for (let i = 0; i < consumed; i++) sc.Next();
  return value;
}

/** After a function word: is the next thing `(`, or `by`/`without` then `(`? */
function isFunction(sc: GoScanner): boolean {
  trimSpace(sc);
  let word = '';
  for (let r = sc.Next(); r !== Tok.EOF; r = sc.Next()) {
    word += String.fromCodePoint(r);
    const low = word.toLowerCase();
    if (low === '(') return true;
    if (low === 'by' || low === 'without') {
      trimSpace(sc);
      return sc.Next() === 0x28;
    }
  }
  return false;
}

function trimSpace(sc: GoScanner): void {
  for (let n = sc.Peek(); n !== Tok.EOF && isSpace(n); n = sc.Peek()) sc.Next();
}
