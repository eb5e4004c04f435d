import { QuoteError, quoteGo, unquoteGo } from './go-quote.js';

/** A label name and value. Kept as a pair list so duplicates survive until validation. */
export type LabelPair = [name: string, value: string];

export class LabelsParseError extends Error {}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * Parses a Prometheus-style label string as Loki accepts in pushes: `{a="1", b="2"}`.
 * Values may be double-quoted (Go escapes) or backquoted. Duplicate names are kept for the caller to report.
 */
export function parseLabelString(text: string): LabelPair[] {
  let i = 0;
  const fail = (msg: string): never => {
    throw new LabelsParseError(`1:${i + 1}: parse error: ${msg}`);
  };
  const skip = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  skip();
  if (text[i] !== '{') fail(text.length === i ? 'unexpected end of input' : `unexpected character: '${text[i]}'`);
  i++;
  const pairs: LabelPair[] = [];
  skip();
  if (text[i] === '}') { i++; skip(); if (i < text.length) fail(`unexpected character: '${text[i]}'`); return pairs; }
  for (;;) {
    skip();
    const start = i;
    if (!NAME_START.test(text[i] ?? '')) fail(i >= text.length ? 'unexpected end of input inside braces' : `unexpected character inside braces: '${text[i]}'`);
    while (i < text.length && NAME_CHAR.test(text[i]!)) i++;
    const name = text.slice(start, i);
    skip();
    if (i >= text.length) fail('unexpected end of input inside braces');
    if (text[i] !== '=' || text[i + 1] === '~') fail(`unexpected character inside braces: '${text[i]}'`);
    i++;
    skip();
    const q = text[i];
    let value: string;
    if (q === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        if (text[j] === '\n') { i = j; fail('unterminated quoted string'); }
        j++;
      }
      if (j >= text.length) fail('unterminated quoted string');
      try { value = unquoteGo(text.slice(i + 1, j)); } catch (e) {
        if (e instanceof QuoteError) fail('invalid syntax in quoted string');
        throw e;
      }
      i = j + 1;
    } else if (q === '`') {
      const j = text.indexOf('`', i + 1);
      if (j < 0) fail('unterminated raw string');
      value = text.slice(i + 1, j);
      i = j + 1;
    } else {
      fail(i >= text.length ? 'unexpected end of input inside braces' : `unexpected character inside braces: '${text[i]}'`);
    }
    pairs.push([name, value!]);
    skip();
    if (text[i] === ',') { i++; continue; }
    if (text[i] === '}') { i++; break; }
    fail(i >= text.length ? 'unexpected end of input inside braces' : `unexpected character inside braces: '${text[i]}'`);
  }
  skip();
  if (i < text.length) fail(`unexpected character: '${text[i]}'`);
  return pairs;
}

/** Sorts pairs by name (then value) in place and returns them. */
export function sortLabels(pairs: LabelPair[]): LabelPair[] {
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

/** Loki's canonical label string: `{a="1", b="2"}` with Go-quoted values, in the given order. */
export function formatLabels(pairs: readonly LabelPair[]): string {
  let s = '{';
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    if (i > 0) s += ', ';
    s += p[0] + '=' + quoteGo(p[1]);
  }
  return s + '}';
}

/** What JSON.stringify escapes in a string: quotes, backslashes, control characters and (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON: most label names and values need no escaping, and testing for that is cheaper than stringify. */
const quoteJSON = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

/** Labels as a JSON object's text, in the given order (Loki's `stream` of an answer). */
export function labelsJSON(pairs: readonly LabelPair[]): string {
  let out = '{';
  for (let i = 0; i < pairs.length; i++) out += `${i ? ',' : ''}${quoteJSON(pairs[i]![0])}:${quoteJSON(pairs[i]![1])}`;
  return `${out}}`;
}

/** Same as formatLabels for a record, names sorted. */
export function formatLabelRecord(rec: Readonly<Record<string, string>>): string {
  return formatLabels(sortLabels(Object.entries(rec)));
}
