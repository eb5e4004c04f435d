// How a log line becomes the tokens Drain clusters, after Loki's pattern ingester (pkg/pattern/drain/line_tokenizer.go):
// plain lines split at spaces and punctuation, logfmt lines into key/value pairs, JSON lines by their message field.

/** The placeholder Loki writes for a variable part of a pattern. */
export const PARAM = '<_>';

/** A line's tokens; `spacesAfter` lists, in order, the token index each space follows (so the line can be rebuilt). */
export interface Tokenized { tokens: string[]; spacesAfter: number[] }

export interface LineTokenizer {
  /** undefined: the line is not mined (too long, not of the stream's format, no message field). */
  tokenize(line: string): Tokenized | undefined;
  /** The pattern text of a cluster's tokens. */
  join(t: Tokenized): string;
}

export type LineFormat = 'json' | 'logfmt' | 'unknown';

// Loki's guess, made once per stream from its first line.
const LOGFMT_LINE = /^(\w+?=([^"]\S*?|".+?") )*?(\w+?=([^"]\S*?|".+?"))+$/;

export function detectLineFormat(line: string): LineFormat {
  if (line.length < 2) return 'unknown';
  if (line[0] === '{' && line[line.length - 1] === '}') return 'json';
  return LOGFMT_LINE.test(line) ? 'logfmt' : 'unknown';
}

const MAX_TOKENS = 127;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
const PUNCTUATION = /\p{P}/u;

/**
 * What a character of the Basic Multilingual Plane is to the punctuation tokenizer, plus one (0: not yet known):
 * 0 part of a token, 1 a space, 2 a delimiter token of its own. Filled as characters are met.
 */
const BMP_CLASS = new Uint8Array(0x10000);

function classOf(ch: string): number {
  // Go's unicode.IsPunct (category P), plus '=', minus the characters kept inside tokens (_ - . : /).
  if (ch === ' ') return 1;
  if (ch === '=') return 2;
  if ('_-.:/'.includes(ch) || LETTER_OR_NUMBER.test(ch)) return 0;
  return PUNCTUATION.test(ch) ? 2 : 0;
}

/** Splits at spaces and punctuation (each punctuation mark a token of its own); letters, digits and `_-.:/` stay together. */
export class PunctuationTokenizer implements LineTokenizer {
  constructor(private readonly maxLineLength: number) {}

  tokenize(line: string): Tokenized | undefined {
    if (line.length > this.maxLineLength) return undefined;
    const tokens: string[] = [];
    const spacesAfter: number[] = [];
    let start = 0;
    let i = 0;
    while (i < line.length) {
      if (tokens.length >= MAX_TOKENS) break;
      const code = line.charCodeAt(i);
      let kind: number;
      let width = 1;
      if (code < 0xd800 || code > 0xdfff) {
        kind = BMP_CLASS[code]! - 1;
        if (kind < 0) kind = (BMP_CLASS[code] = classOf(line[i]!) + 1) - 1;
      } else {
        width = 2; // a surrogate pair
        kind = classOf(line.slice(i, i + 2));
      }
      if (kind !== 0) {
        if (i > start) tokens.push(line.slice(start, i));
        if (kind === 1) spacesAfter.push(tokens.length - 1);
        else tokens.push(line.slice(i, i + width));
        start = i + width;
      }
      i += width;
    }
    if (start < line.length) tokens.push(line.slice(start));
    return { tokens, spacesAfter };
  }

  join(t: Tokenized): string {
    let out = '';
    let s = 0;
    for (let i = 0; i < t.tokens.length; i++) {
      out += t.tokens[i];
      while (s < t.spacesAfter.length && t.spacesAfter[s] === i) {
        out += ' ';
        s++;
      }
    }
    return out;
  }
}

// logfmt keys whose values are always variable (time stamps, trace ids): Loki masks them before clustering.
const VARIABLE_KEYS = new Set(['ts', 'traceid', 'time', 'timestamp']);
const isVariableKey = (key: string): boolean => key === 't' || VARIABLE_KEYS.has(key.toLowerCase());
const LOGFMT_PAIR = /\s*([^\s="]+)(?:=("(?:[^"\\]|\\.)*"|[^\s"]*))?/y;

/** logfmt: tokens alternate key, value; rebuilt as logfmt with values quoted where they must be. */
export class LogfmtTokenizer implements LineTokenizer {
  constructor(private readonly maxLineLength: number) {}

  tokenize(line: string): Tokenized | undefined {
    if (line.length > this.maxLineLength) return undefined;
    const tokens: string[] = [];
    LOGFMT_PAIR.lastIndex = 0;
    while (LOGFMT_PAIR.lastIndex < line.length) {
      const at = LOGFMT_PAIR.lastIndex;
      const m = LOGFMT_PAIR.exec(line);
      if (!m || m[0].length === 0) {
        // trailing spaces end the line; anything else is not logfmt
        if (line.slice(at).trim() === '') break;
        return undefined;
      }
      const key = m[1]!;
      let value = m[2] ?? '';
      if (value.startsWith('"')) {
        try {
          value = JSON.parse(value) as string;
        } catch {
          return undefined;
        }
      }
      tokens.push(key, isVariableKey(key) ? PARAM : value);
    }
    return { tokens, spacesAfter: [] };
  }

  join(t: Tokenized): string {
    const pairs: string[] = [];
    for (let i = 0; i < t.tokens.length; i += 2) {
      const value = t.tokens[i + 1] ?? '';
      pairs.push(`${t.tokens[i]}=${/[\s="\\\x00-\x1f]/.test(value) ? JSON.stringify(value) : value}`);
    }
    return pairs.join(' ');
  }
}

/**
 * JSON: only the first message field found (in `messageFields` order) is mined, split as a plain line; the
 * pattern is that message between placeholders, which stand for the rest of the object.
 */
export class JsonTokenizer implements LineTokenizer {
  readonly #plain: PunctuationTokenizer;

  constructor(private readonly maxLineLength: number, private readonly messageFields: readonly string[]) {
    this.#plain = new PunctuationTokenizer(maxLineLength);
  }

  tokenize(line: string): Tokenized | undefined {
    for (const field of this.messageFields) {
      const message = stringField(line, field);
      if (message !== undefined) return message.length > this.maxLineLength ? undefined : this.#plain.tokenize(message);
    }
    return undefined;
  }

  join(t: Tokenized): string {
    return PARAM + this.#plain.join(t) + PARAM;
  }
}

/**
 * The text of `"field": "…"` in a JSON line as written (escapes kept, as Loki's jsonparser gives it, so the
 * pattern matches the raw line); undefined when the field is absent or not a string. A scan, not a parse: mining
 * must stay cheap, and a key in a nested object that comes first is taken too (rare in log lines).
 */
function stringField(line: string, field: string): string | undefined {
  const key = `"${field}"`;
  for (let at = line.indexOf(key); at >= 0; at = line.indexOf(key, at + 1)) {
    let i = at + key.length;
    while (line.charCodeAt(i) === 0x20) i++;
    if (line.charCodeAt(i++) !== 0x3a) continue; // ':' — otherwise the text was a value, not a key
    while (line.charCodeAt(i) === 0x20) i++;
    if (line.charCodeAt(i) !== 0x22) return undefined;
    const start = i + 1;
    for (let j = start; j < line.length; j++) {
      const c = line.charCodeAt(j);
      if (c === 0x5c) j++;
      else if (c === 0x22) return line.slice(start, j);
    }
    return undefined;
  }
  return undefined;
}

/** Runs of placeholders read as one: `<_><_>` is `<_>`. */
export function collapsePlaceholders(pattern: string): string {
  return pattern.includes(PARAM + PARAM) ? pattern.replace(/(?:<_>){2,}/g, PARAM) : pattern;
}

export function tokenizerFor(format: LineFormat, maxLineLength: number, jsonMessageFields: readonly string[]): LineTokenizer {
  switch (format) {
    case 'json': return new JsonTokenizer(maxLineLength, jsonMessageFields);
    case 'logfmt': return new LogfmtTokenizer(maxLineLength);
    default: return new PunctuationTokenizer(maxLineLength);
  }
}
