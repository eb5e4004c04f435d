// Go's text/scanner (as copied into Loki's query_scanner.go) over a JS string, in GoTokens
// mode. Loki's lexer leans on its exact behaviour: token start positions (line, column in
// characters), `Next()` invalidating the position (line 0), scanner-level error texts
// ("literal not terminated", "invalid char escape", number literal errors) and the
// copyable state used for look-ahead.

/** Token kinds Scan returns besides plain characters (Go's negative token codes). */
export const Tok = { EOF: -1, Ident: -2, Int: -3, Float: -4, Char: -5, String: -6, RawString: -7 } as const;
const { EOF, Ident, Int, Float, Char, RawString } = Tok;
const StringTok = Tok.String;

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

export function isLetter(ch: number): boolean {
  return ch >= 0 && (ch < 0x80 ? (ch >= 0x61 && ch <= 0x7a) || (ch >= 0x41 && ch <= 0x5a) : LETTER.test(String.fromCodePoint(ch)));
}

export function isDigit(ch: number): boolean {
  return ch >= 0 && (ch < 0x80 ? ch >= 0x30 && ch <= 0x39 : DIGIT.test(String.fromCodePoint(ch)));
}

/** unicode.IsSpace */
export function isSpace(ch: number): boolean {
  switch (ch) {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20: case 0x85: case 0xa0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
      return true;
    default:
      return ch >= 0x2000 && ch <= 0x200a;
  }
}

const NUMBER_CLASS = /\p{N}/u;
/** unicode.IsNumber */
export function isNumber(ch: number): boolean {
  return ch >= 0 && (ch < 0x80 ? ch >= 0x30 && ch <= 0x39 : NUMBER_CLASS.test(String.fromCodePoint(ch)));
}

const isDecimal = (ch: number): boolean => ch >= 0x30 && ch <= 0x39;
const lower = (ch: number): number => ch | 0x20;
const isHex = (ch: number): boolean => isDecimal(ch) || (lower(ch) >= 0x61 && lower(ch) <= 0x66);

export type ScanErrorHandler = (msg: string) => void;

export class GoScanner {
  src = '';
  srcPos = 0;
  line = 1;
  column = 0;
  lastLineLen = 0;
  lastCharLen = 0;
  tokPos = -1;
  tokEnd = 0;
  ch = -2;
  /** Start position of the most recently scanned token (line 0 = invalidated by Next). */
  posLine = 0;
  posColumn = 0;
  onError: ScanErrorHandler = () => {};

  init(src: string): this {
    this.src = src;
    this.srcPos = 0;
    this.line = 1;
    this.column = 0;
    this.lastLineLen = 0;
    this.lastCharLen = 0;
    this.tokPos = -1;
    this.ch = -2;
    this.posLine = 0;
    this.posColumn = 0;
    return this;
  }

  /** A copy for look-ahead; Loki copies the scanner struct the same way. */
  clone(): GoScanner {
    const c = new GoScanner();
    Object.assign(c, this);
    return c;
  }

  private error(msg: string): void {
    this.tokEnd = this.srcPos - this.lastCharLen;
    this.onError(msg);
  }

  private next(): number {
    if (this.srcPos >= this.src.length) {
      if (this.lastCharLen > 0) this.column++;
      this.lastCharLen = 0;
      return EOF;
    }
    const ch = this.src.codePointAt(this.srcPos)!;
    const width = ch > 0xffff ? 2 : 1;
    this.srcPos += width;
    this.lastCharLen = width;
    this.column++;
    if (ch === 0) this.error('invalid character NUL');
    else if (ch === 0x0a) {
      this.line++;
      this.lastLineLen = this.column;
      this.column = 0;
    }
    return ch;
  }

  Next(): number {
    this.tokPos = -1;
    this.posLine = 0;
    const ch = this.Peek();
    if (ch !== EOF) this.ch = this.next();
    return ch;
  }

  Peek(): number {
    if (this.ch === -2) {
      this.ch = this.next();
      if (this.ch === 0xfeff) this.ch = this.next();
    }
    return this.ch;
  }

  TokenText(): string {
    if (this.tokPos < 0) return '';
    if (this.tokEnd < this.tokPos) this.tokEnd = this.tokPos;
    return this.src.slice(this.tokPos, this.tokEnd);
  }

  Scan(): number {
    let ch = this.Peek();
    this.tokPos = -1;
    this.posLine = 0;
    for (;;) {
      while (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) ch = this.next();
      this.tokPos = this.srcPos - this.lastCharLen;
      if (this.column > 0) {
        this.posLine = this.line;
        this.posColumn = this.column;
      } else {
        this.posLine = this.line - 1;
        this.posColumn = this.lastLineLen;
      }
      let tok = ch;
      if (ch === 0x5f || isLetter(ch)) {
        tok = Ident;
        ch = this.next();
        while (ch === 0x5f || isLetter(ch) || isDigit(ch)) ch = this.next();
      } else if (isDecimal(ch)) {
        [tok, ch] = this.scanNumber(ch, false);
      } else {
        switch (ch) {
          case EOF:
            break;
          case 0x22: // "
            this.scanString(0x22);
            tok = StringTok;
            ch = this.next();
            break;
          case 0x27: // '
            if (this.scanString(0x27) !== 1) this.error('invalid char literal');
            tok = Char;
            ch = this.next();
            break;
          case 0x2e: // .
            ch = this.next();
            if (isDecimal(ch)) [tok, ch] = this.scanNumber(ch, true);
            break;
          case 0x2f: // /
            ch = this.next();
            if (ch === 0x2f || ch === 0x2a) {
              // comments are skipped like white space
              this.tokPos = -1;
              ch = this.scanComment(ch);
              continue;
            }
            break;
          case 0x60: // `
            this.scanRawString();
            tok = RawString;
            ch = this.next();
            break;
          default:
            ch = this.next();
        }
      }
      this.tokEnd = this.srcPos - this.lastCharLen;
      this.ch = ch;
      return tok;
    }
  }

  private digits(ch0: number, base: number, invalid: { ch: number }): [number, number] {
    let ch = ch0;
    let digsep = 0;
    if (base <= 10) {
      const max = 0x30 + base;
      while (isDecimal(ch) || ch === 0x5f) {
        let ds = 1;
        if (ch === 0x5f) ds = 2;
        else if (ch >= max && invalid.ch === 0) invalid.ch = ch;
        digsep |= ds;
        ch = this.next();
      }
    } else {
      while (isHex(ch) || ch === 0x5f) {
        digsep |= ch === 0x5f ? 2 : 1;
        ch = this.next();
      }
    }
    return [ch, digsep];
  }

  private scanNumber(ch0: number, seenDot0: boolean): [number, number] {
    let ch = ch0;
    let seenDot = seenDot0;
    let base = 10;
    let prefix = 0;
    let digsep = 0;
    const invalid = { ch: 0 };
    let tok: number = Int;
    let ds: number;
    if (!seenDot) {
      if (ch === 0x30) {
        ch = this.next();
        switch (lower(ch)) {
          case 0x78: ch = this.next(); base = 16; prefix = 0x78; break;
          case 0x6f: ch = this.next(); base = 8; prefix = 0x6f; break;
          case 0x62:
            // Loki's copy only takes `0b` as a prefix when no space follows
            if (!isSpace(this.Peek())) { ch = this.next(); base = 2; prefix = 0x62; }
            break;
          default:
            base = 8; prefix = 0x30; digsep = 1;
        }
      }
      [ch, ds] = this.digits(ch, base, invalid);
      digsep |= ds;
      if (ch === 0x2e) { ch = this.next(); seenDot = true; }
    }
    if (seenDot) {
      tok = Float;
      if (prefix === 0x6f || prefix === 0x62) this.error('invalid radix point in ' + litname(prefix));
      [ch, ds] = this.digits(ch, base, invalid);
      digsep |= ds;
    }
    if ((digsep & 1) === 0) this.error(litname(prefix) + ' has no digits');
    const e = lower(ch);
    if (e === 0x65 || e === 0x70) {
      if (e === 0x65 && prefix !== 0 && prefix !== 0x30) this.error(`${goQuoteRune(ch)} exponent requires decimal mantissa`);
      else if (e === 0x70 && prefix !== 0x78) this.error(`${goQuoteRune(ch)} exponent requires hexadecimal mantissa`);
      ch = this.next();
      tok = Float;
      if (ch === 0x2b || ch === 0x2d) ch = this.next();
      [ch, ds] = this.digits(ch, 10, { ch: 0 });
      digsep |= ds;
      if ((ds & 1) === 0) this.error('exponent has no digits');
    } else if (prefix === 0x78 && tok === Float) {
      this.error("hexadecimal mantissa requires a 'p' exponent");
    }
    if (tok === Int && invalid.ch !== 0) this.error(`invalid digit ${goQuoteRune(invalid.ch)} in ${litname(prefix)}`);
    if ((digsep & 2) !== 0) {
      this.tokEnd = this.srcPos - this.lastCharLen;
      if (invalidSep(this.TokenText()) >= 0) this.error("'_' must separate successive digits");
    }
    return [tok, ch];
  }

  private scanDigits(ch0: number, base: number, n0: number): number {
    let ch = ch0;
    let n = n0;
    while (n > 0 && digitVal(ch) < base) { ch = this.next(); n--; }
    if (n > 0) this.error('invalid char escape');
    return ch;
  }

  private scanEscape(quote: number): number {
    let ch = this.next();
    switch (ch) {
      case 0x61: case 0x62: case 0x66: case 0x6e: case 0x72: case 0x74: case 0x76: case 0x5c: case quote:
        ch = this.next();
        break;
      case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x36: case 0x37:
        ch = this.scanDigits(ch, 8, 3);
        break;
      case 0x78: ch = this.scanDigits(this.next(), 16, 2); break;
      case 0x75: ch = this.scanDigits(this.next(), 16, 4); break;
      case 0x55: ch = this.scanDigits(this.next(), 16, 8); break;
      default:
        this.error('invalid char escape');
    }
    return ch;
  }

  private scanString(quote: number): number {
    let ch = this.next();
    let n = 0;
    while (ch !== quote) {
      if (ch === 0x0a || ch < 0) {
        this.error('literal not terminated');
        return n;
      }
      ch = ch === 0x5c ? this.scanEscape(quote) : this.next();
      n++;
    }
    return n;
  }

  private scanRawString(): void {
    let ch = this.next();
    while (ch !== 0x60) {
      if (ch < 0) {
        this.error('literal not terminated');
        return;
      }
      ch = this.next();
    }
  }

  private scanComment(ch0: number): number {
    let ch = ch0;
    if (ch === 0x2f) {
      ch = this.next();
      while (ch !== 0x0a && ch >= 0) ch = this.next();
      return ch;
    }
    ch = this.next();
    for (;;) {
      if (ch < 0) {
        this.error('comment not terminated');
        break;
      }
      const ch0b = ch;
      ch = this.next();
      if (ch0b === 0x2a && ch === 0x2f) {
        ch = this.next();
        break;
      }
    }
    return ch;
  }
}

function litname(prefix: number): string {
  switch (prefix) {
    case 0x78: return 'hexadecimal literal';
    case 0x6f: case 0x30: return 'octal literal';
    case 0x62: return 'binary literal';
    default: return 'decimal literal';
  }
}

function digitVal(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
  if (lower(ch) >= 0x61 && lower(ch) <= 0x66) return lower(ch) - 0x61 + 10;
  return 16;
}

function goQuoteRune(ch: number): string {
  return `'${String.fromCodePoint(ch)}'`;
}

function invalidSep(x: string): number {
  let x1 = 0x20;
  let d = 0x2e;
  let i = 0;
  if (x.length >= 2 && x[0] === '0') {
    x1 = lower(x.charCodeAt(1));
    if (x1 === 0x78 || x1 === 0x6f || x1 === 0x62) { d = 0x30; i = 2; }
  }
  for (; i < x.length; i++) {
    const p = d;
    d = x.charCodeAt(i);
    if (d === 0x5f) {
      if (p !== 0x30) return i;
    } else if (isDecimal(d) || (x1 === 0x78 && isHex(d))) {
      d = 0x30;
    } else {
      if (p === 0x5f) return i - 1;
      d = 0x2e;
    }
  }
  return d === 0x5f ? x.length - 1 : -1;
}
