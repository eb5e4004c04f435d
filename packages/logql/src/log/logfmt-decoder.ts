// A logfmt key/value scanner with the exact behaviour of Loki's fork of go-logfmt
// (pkg/logql/log/logfmt/decode.go), including its error positions (1-based byte offsets).
// It scans the line's bytes, as Go does: every byte that drives the grammar is ASCII, and a
// multi-byte character is never one of them. Keys and values become strings only when asked for:
// the first decoded from its own bytes, later ones cut from the line's text while everything before
// them is ASCII (byte and character offsets then agree).

/** Where the decoder gets the whole line as text (a pipeline's LineState, which decodes it once). */
export interface LineText {
  string(): string;
}

const EQUAL = 0x3d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const KEY_SLOTS = 64;

export class LogfmtDecoder {
  #b: Buffer = Buffer.alloc(0);
  #text: LineText | undefined;
  #str: string | undefined;
  /** Bytes [0, #asciiEnd) are known ASCII; #asciiStop: a byte ≥ 0x80 sits at #asciiEnd. */
  #asciiEnd = 0;
  #asciiStop = false;
  /** Strings made from this line so far. */
  #cuts = 0;
  #pos = 0;
  /** The current key's span in the line; empty when the pair has none. */
  #keyStart = 0;
  #keyEnd = 0;
  /** The current value's span in the line (-1: none), or -2 with #unquoted holding an unescaped quoted value. */
  #valStart = -1;
  #valEnd = 0;
  #unquoted: string | undefined;
  /** The last syntax error, as Loki prints it; undefined when none. */
  err: string | undefined;
  /** labelNameKey's strings, by a hash of their bytes. */
  readonly #names: (string | undefined)[] = new Array<string | undefined>(KEY_SLOTS);

  /** `text`, when given, is the same line already (or lazily) decoded: cutting from it is cheaper than decoding bytes. */
  reset(line: Buffer, text?: LineText): void {
    this.#b = line;
    this.#text = text;
    this.#str = undefined;
    this.#asciiEnd = 0;
    this.#asciiStop = false;
    this.#cuts = 0;
    this.#pos = 0;
    this.err = undefined;
  }

  /** The current pair's key; cut from the line only when asked for (most keys of a hinted query never are). */
  get key(): string | undefined {
    return this.#keyEnd > this.#keyStart ? this.#cut(this.#keyStart, this.#keyEnd) : undefined;
  }

  /**
   * The current key, which keyIsLabelName() accepted, as the string an earlier line's same key gave: keys
   * repeat line after line, and one string per name saves making it (and hashing it in label maps) each time.
   */
  labelNameKey(): string {
    const b = this.#b;
    const start = this.#keyStart;
    const end = this.#keyEnd;
    const slot = ((end - start) * 31 + b[start]! * 7 + b[end - 1]! * 3 + b[(start + end) >> 1]!) & (KEY_SLOTS - 1);
    const seen = this.#names[slot];
    if (seen !== undefined && this.keyIs(seen)) return seen;
    // latin1 is exact for these ASCII bytes and gives a string of its own (a slice of the line would keep the line)
    const key = b.toString('latin1', start, end);
    this.#names[slot] = key;
    return key;
  }

  /** The current key's length in bytes (0 when the pair has none). */
  keyLength(): number {
    return this.#keyEnd - this.#keyStart;
  }

  /** Whether the current key is `name` (ASCII), without making a string of it. */
  keyIs(name: string): boolean {
    const start = this.#keyStart;
    if (this.#keyEnd - start !== name.length) return false;
    const b = this.#b;
    for (let i = 0; i < name.length; i++) if (b[start + i] !== name.charCodeAt(i)) return false;
    return true;
  }

  /** Whether the current key is already a valid label name, [A-Za-z_][A-Za-z0-9_]* (sanitising keeps it as is). */
  keyIsLabelName(): boolean {
    const b = this.#b;
    const start = this.#keyStart;
    if (this.#keyEnd === start) return false;
    for (let i = start; i < this.#keyEnd; i++) {
      const c = b[i]!;
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (i > start && c >= 0x30 && c <= 0x39)) continue;
      return false;
    }
    return true;
  }

  /** The current pair's value, undefined for `key` and `key=`; cut from the line only when asked for. */
  get value(): string | undefined {
    if (this.#valStart === -2) return this.#unquoted;
    return this.#valStart < 0 ? undefined : this.#cut(this.#valStart, this.#valEnd);
  }

  #cut(start: number, end: number): string {
    // One piece decodes fastest from its own bytes; from the second on, slices of the whole line's text win.
    if (this.#cuts++ > 0 && this.#asciiThrough(end)) {
      this.#str ??= this.#text === undefined ? this.#b.toString('utf8') : this.#text.string();
      return this.#str.slice(start, end);
    }
    return this.#b.toString('utf8', start, end);
  }

  /** Whether bytes [0, end) are all ASCII; extends what is known, so a line is checked once however often cut. */
  #asciiThrough(end: number): boolean {
    if (end <= this.#asciiEnd) return true;
    if (this.#asciiStop) return false;
    const b = this.#b;
    let i = this.#asciiEnd;
    while (i < end && b[i]! < 0x80) i++;
    this.#asciiEnd = i;
    this.#asciiStop = i < end;
    return !this.#asciiStop;
  }

  /**
   * Records the key span; false when the key holds U+FFFD (invalid UTF-8 decodes to it), which Loki rejects.
   * `high` has bit 0x80 set when some byte of the key is not ASCII.
   */
  #setKey(start: number, end: number, high: number): boolean {
    this.#keyStart = start;
    this.#keyEnd = end;
    return (high & 0x80) === 0 || !this.#b.toString('utf8', start, end).includes('\uFFFD');
  }

  #setValue(start: number, end: number): void {
    this.#valStart = start;
    this.#valEnd = end;
  }

  eol(): boolean {
    return this.#pos >= this.#b.length;
  }

  #syntaxError(msg: string): void {
    this.err = `logfmt syntax error at pos ${this.#pos + 1} : ${msg}`;
  }

  #unexpected(c: string): void {
    // Go's %q of a byte: a single-quoted character.
    this.#syntaxError(`unexpected '${c}'`);
  }

  /** Reads the next well-formed pair, skipping malformed ones; `strict` stops at the first malformed one. */
  nextPair(strict: boolean): boolean {
    while (!this.eol()) {
      if (this.scan()) return true;
      if (strict) return false;
    }
    return false;
  }

  /**
   * Advances to the next pair. True when a key was read (value may be undefined: `key` or
   * `key=`); false at the end of the line or on a malformed pair (then `err` is set).
   */
  scan(): boolean {
    this.#keyEnd = this.#keyStart;
    this.#valStart = -1;
    const b = this.#b;
    const n = b.length;
    let p = this.#pos;
    while (p < n && b[p]! <= SPACE) p++;
    if (p >= n) {
      this.#pos = n;
      return false;
    }
    // key
    const start = p;
    let high = 0; // any byte ≥ 0x80 sets 0x80
    for (; p < n; p++) {
      const c = b[p]!;
      high |= c;
      if (c === EQUAL) {
        this.#pos = p;
        if (!this.#setKey(start, p, high)) {
          this.#syntaxError('invalid key');
          return this.#skipValue();
        }
        if (p === start) {
          this.#unexpected('=');
          return this.#skipValue();
        }
        return this.#afterEqual();
      }
      if (c === QUOTE) {
        this.#pos = p;
        this.#unexpected('"');
        return this.#skipValue();
      }
      if (c <= SPACE) {
        this.#pos = p;
        return this.#bareKey(start, p, high);
      }
    }
    this.#pos = n;
    return this.#bareKey(start, n, high);
  }

  #bareKey(start: number, end: number, high: number): boolean {
    if (!this.#setKey(start, end, high)) {
      this.#syntaxError('invalid key');
      return false;
    }
    return true;
  }

  #afterEqual(): boolean {
    const b = this.#b;
    const n = b.length;
    this.#pos++;
    if (this.#pos >= n) return true;
    const c0 = b[this.#pos]!;
    if (c0 <= SPACE) return true;
    if (c0 === QUOTE) return this.#quoted();
    const start = this.#pos;
    for (let p = start; p < n; p++) {
      const c = b[p]!;
      if (c === EQUAL || c === QUOTE) {
        this.#pos = p;
        this.#unexpected(c === EQUAL ? '=' : '"');
        return this.#skipValue();
      }
      if (c <= SPACE) {
        this.#pos = p;
        if (p > start) this.#setValue(start, p);
        return true;
      }
    }
    this.#pos = n;
    if (n > start) this.#setValue(start, n);
    return true;
  }

  #skipValue(): boolean {
    const b = this.#b;
    for (let p = this.#pos; p < b.length; p++) {
      if (b[p]! <= SPACE) {
        this.#pos = p;
        return false;
      }
    }
    this.#pos = b.length;
    return false;
  }

  #quoted(): boolean {
    const b = this.#b;
    const start = this.#pos;
    let hasEsc = false;
    let esc = false;
    for (let p = start + 1; p < b.length; p++) {
      const c = b[p]!;
      if (esc) {
        esc = false;
      } else if (c === BACKSLASH) {
        hasEsc = true;
        esc = true;
      } else if (c === QUOTE) {
        this.#pos = p + 1;
        if (hasEsc) {
          try {
            this.#unquoted = JSON.parse(this.#cut(start, p + 1)) as string;
            this.#valStart = -2;
          } catch {
            this.#syntaxError('invalid quoted value');
            return false;
          }
        } else if (p > start + 1) {
          this.#setValue(start + 1, p);
        }
        return true;
      }
    }
    this.#pos = b.length;
    this.#syntaxError('unterminated quoted value');
    return false;
  }
}
