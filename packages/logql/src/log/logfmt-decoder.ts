// A logfmt key/value scanner with the exact behaviour of Loki's fork of go-logfmt
// (pkg/logql/log/logfmt/decode.go), including its error positions (1-based byte offsets).
// It scans the line as a JS string; the characters that drive the grammar are all ASCII, so
// positions are converted to bytes only when an error is reported.

export class LogfmtDecoder {
  #s = '';
  #pos = 0;
  key: string | undefined;
  /** The current value's span in the line (-1: none), or -2 with #unquoted holding an unescaped quoted value. */
  #valStart = -1;
  #valEnd = 0;
  #unquoted: string | undefined;
  /** The last syntax error, as Loki prints it; undefined when none. */
  err: string | undefined;
  #errPos = 0;
  #errMsg = '';

  reset(line: string): void {
    this.#s = line;
    this.#pos = 0;
    this.err = undefined;
  }

  /** The current pair's value, undefined for `key` and `key=`; cut from the line only when asked for. */
  get value(): string | undefined {
    if (this.#valStart === -2) return this.#unquoted;
    return this.#valStart < 0 ? undefined : this.#s.slice(this.#valStart, this.#valEnd);
  }

  #setValue(start: number, end: number): void {
    this.#valStart = start;
    this.#valEnd = end;
  }

  eol(): boolean {
    return this.#pos >= this.#s.length;
  }

  #syntaxError(msg: string): void {
    this.#errPos = this.#pos;
    this.#errMsg = msg;
    const bytePos = Buffer.byteLength(this.#s.slice(0, this.#errPos), 'utf8') + 1;
    this.err = `logfmt syntax error at pos ${bytePos} : ${this.#errMsg}`;
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
    this.key = undefined;
    this.#valStart = -1;
    const s = this.#s;
    const n = s.length;
    let p = this.#pos;
    while (p < n && s.charCodeAt(p) <= 0x20) p++;
    if (p >= n) {
      this.#pos = n;
      return false;
    }
    // key
    const start = p;
    for (; p < n; p++) {
      const c = s.charCodeAt(p);
      if (c === 0x3d) {
        this.#pos = p;
        if (p > start) this.key = s.slice(start, p);
        if (this.key !== undefined && this.key.includes('\uFFFD')) {
          this.#syntaxError('invalid key');
          return this.#skipValue();
        }
        if (this.key === undefined) {
          this.#unexpected('=');
          return this.#skipValue();
        }
        return this.#afterEqual();
      }
      if (c === 0x22) {
        this.#pos = p;
        this.#unexpected('"');
        return this.#skipValue();
      }
      if (c <= 0x20) {
        this.#pos = p;
        return this.#bareKey(start, p);
      }
    }
    this.#pos = n;
    return this.#bareKey(start, n);
  }

  #bareKey(start: number, end: number): boolean {
    if (end > start) this.key = this.#s.slice(start, end);
    if (this.key !== undefined && this.key.includes('\uFFFD')) {
      this.#syntaxError('invalid key');
      return false;
    }
    return true;
  }

  #afterEqual(): boolean {
    const s = this.#s;
    const n = s.length;
    this.#pos++;
    if (this.#pos >= n) return true;
    const c0 = s.charCodeAt(this.#pos);
    if (c0 <= 0x20) return true;
    if (c0 === 0x22) return this.#quoted();
    const start = this.#pos;
    for (let p = start; p < n; p++) {
      const c = s.charCodeAt(p);
      if (c === 0x3d || c === 0x22) {
        this.#pos = p;
        this.#unexpected(c === 0x3d ? '=' : '"');
        return this.#skipValue();
      }
      if (c <= 0x20) {
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
    const s = this.#s;
    for (let p = this.#pos; p < s.length; p++) {
      if (s.charCodeAt(p) <= 0x20) {
        this.#pos = p;
        return false;
      }
    }
    this.#pos = s.length;
    return false;
  }

  #quoted(): boolean {
    const s = this.#s;
    const start = this.#pos;
    let hasEsc = false;
    let esc = false;
    for (let p = start + 1; p < s.length; p++) {
      const c = s.charCodeAt(p);
      if (esc) {
        esc = false;
      } else if (c === 0x5c) {
        hasEsc = true;
        esc = true;
      } else if (c === 0x22) {
        this.#pos = p + 1;
        if (hasEsc) {
          try {
            this.#unquoted = JSON.parse(s.slice(start, p + 1)) as string;
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
    this.#pos = s.length;
    this.#syntaxError('unterminated quoted value');
    return false;
  }
}
