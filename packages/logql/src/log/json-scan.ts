// A minimal JSON walker with the behaviour (and error texts) of buger/jsonparser, which
// Loki's json/unpack stages use: objects are walked key by key without validating the
// whole document, numbers keep their raw text, and text after the top-level object is ignored.
// Works on the line as a JS string (char codes), so values are cheap substrings.

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export const MALFORMED_OBJECT = "Value looks like object, but can't find closing '}' symbol";
export const MALFORMED_ARRAY = "Value is array, but can't find closing ']' symbol";
export const MALFORMED_VALUE = "Value looks like Number/Boolean/None, but can't find its end: ',' or '}' symbol";
export const MALFORMED_STRING = "Value is string, but can't find closing '\"' symbol";
export const MALFORMED_JSON = 'Malformed JSON error';
export const MALFORMED_ESCAPE = 'Encountered an invalid escape sequence in a string';
export const UNKNOWN_TYPE = 'Unknown value type';

/** A value's span: for strings the text between the quotes (still escaped). */
export interface JsonValue {
  type: JsonType;
  start: number;
  end: number;
  /** strings only: contains a backslash escape */
  escaped: boolean;
}

/** Returned by a callback to stop the walk early (not an error). */
export const STOP = 'STOP';

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function nextToken(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i < s.length ? i : -1;
}

/** Index just past the closing quote of a string whose content starts at i; -1 if none. */
function stringEnd(s: string, i: number): { end: number; escaped: boolean } {
  let escaped = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) {
      escaped = true;
      i++;
    } else if (c === 0x22) {
      return { end: i + 1, escaped };
    }
  }
  return { end: -1, escaped };
}

function blockEnd(s: string, i: number, open: number, close: number): number {
  let level = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      const se = stringEnd(s, i + 1).end;
      if (se < 0) return -1;
      i = se - 1;
    } else if (c === open) {
      level++;
    } else if (c === close) {
      level--;
      if (level === 0) return i + 1;
    }
  }
  return -1;
}

function tokenEnd(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c || c === 0x7d || c === 0x5d) return i;
  }
  return s.length;
}

/** Reads the value starting at i (no leading whitespace); returns it or an error text. */
export function readValue(s: string, i: number): JsonValue | string {
  const c = s.charCodeAt(i);
  if (c === 0x22) {
    const se = stringEnd(s, i + 1);
    if (se.end < 0) return MALFORMED_STRING;
    return { type: 'string', start: i + 1, end: se.end - 1, escaped: se.escaped };
  }
  if (c === 0x5b) {
    const e = blockEnd(s, i, 0x5b, 0x5d);
    return e < 0 ? MALFORMED_ARRAY : { type: 'array', start: i, end: e, escaped: false };
  }
  if (c === 0x7b) {
    const e = blockEnd(s, i, 0x7b, 0x7d);
    return e < 0 ? MALFORMED_OBJECT : { type: 'object', start: i, end: e, escaped: false };
  }
  const e = tokenEnd(s, i);
  const text = s.slice(i, e);
  if (c === 0x74 || c === 0x66) {
    return text === 'true' || text === 'false' ? { type: 'boolean', start: i, end: e, escaped: false } : UNKNOWN_TYPE;
  }
  if (c === 0x6e || c === 0x75) return text === 'null' ? { type: 'null', start: i, end: e, escaped: false } : UNKNOWN_TYPE;
  if ((c >= 0x30 && c <= 0x39) || c === 0x2d) return { type: 'number', start: i, end: e, escaped: false };
  return UNKNOWN_TYPE;
}

/** Decodes a string value's escapes; "" when they are invalid (as Loki does). */
export function unescapeString(s: string, v: JsonValue): string {
  if (!v.escaped) return s.slice(v.start, v.end);
  try {
    return JSON.parse(s.slice(v.start - 1, v.end + 1)) as string;
  } catch {
    return '';
  }
}

/**
 * Calls `cb` for every member of the object at `start` (leading whitespace allowed).
 * Returns undefined on success or when a callback returned STOP, else jsonparser's error text.
 * A callback returning any other string aborts the walk with that string.
 */
export function objectEach(
  s: string,
  start: number,
  cb: (key: string, v: JsonValue) => string | undefined,
): string | undefined {
  let i = nextToken(s, start);
  if (i < 0 || s.charCodeAt(i) !== 0x7b) return MALFORMED_OBJECT;
  i = nextToken(s, i + 1);
  if (i < 0) return MALFORMED_JSON;
  if (s.charCodeAt(i) === 0x7d) return undefined;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x7d) return undefined;
    if (c !== 0x22) return MALFORMED_OBJECT;
    const ke = stringEnd(s, i + 1);
    if (ke.end < 0) return MALFORMED_JSON;
    let key = s.slice(i + 1, ke.end - 1);
    if (ke.escaped) {
      try {
        key = JSON.parse(s.slice(i, ke.end)) as string;
      } catch {
        return MALFORMED_ESCAPE;
      }
    }
    i = nextToken(s, ke.end);
    if (i < 0 || s.charCodeAt(i) !== 0x3a) return MALFORMED_JSON;
    i = nextToken(s, i + 1);
    if (i < 0) return MALFORMED_JSON;
    const v = readValue(s, i);
    if (typeof v === 'string') return v;
    const r = cb(key, v);
    if (r !== undefined) return r === STOP ? undefined : r;
    i = v.type === 'string' ? v.end + 1 : v.end;
    i = nextToken(s, i);
    if (i < 0) return MALFORMED_ARRAY;
    const d = s.charCodeAt(i);
    if (d === 0x7d) return undefined;
    if (d !== 0x2c) return MALFORMED_OBJECT;
    i = nextToken(s, i + 1);
    if (i < 0) return MALFORMED_ARRAY;
  }
  return MALFORMED_OBJECT;
}

/** Calls `cb` for each element of the array at `start`; same return convention as objectEach. */
export function arrayEach(s: string, start: number, cb: (v: JsonValue, index: number) => string | undefined): string | undefined {
  let i = nextToken(s, start);
  if (i < 0 || s.charCodeAt(i) !== 0x5b) return MALFORMED_ARRAY;
  i = nextToken(s, i + 1);
  if (i < 0) return MALFORMED_ARRAY;
  if (s.charCodeAt(i) === 0x5d) return undefined;
  for (let n = 0; ; n++) {
    const v = readValue(s, i);
    if (typeof v === 'string') return v;
    const r = cb(v, n);
    if (r !== undefined) return r === STOP ? undefined : r;
    i = nextToken(s, v.type === 'string' ? v.end + 1 : v.end);
    if (i < 0) return MALFORMED_ARRAY;
    const d = s.charCodeAt(i);
    if (d === 0x5d) return undefined;
    if (d !== 0x2c) return MALFORMED_ARRAY;
    i = nextToken(s, i + 1);
    if (i < 0) return MALFORMED_ARRAY;
  }
}

/** The raw text of a value (strings with their quotes). */
export function rawText(s: string, v: JsonValue): string {
  return v.type === 'string' ? s.slice(v.start - 1, v.end + 1) : s.slice(v.start, v.end);
}
