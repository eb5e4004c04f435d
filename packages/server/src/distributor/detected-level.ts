import type { LabelPair } from '@logi/protocol';

// Loki 3.6's `discover_log_levels`: the level of an entry, from labels, structured metadata or the line itself.

/** Label / metadata / field names that carry a level, in Loki's order of preference. */
export const LEVEL_FIELDS = [
  'level', 'LEVEL', 'Level', 'log.level', 'severity', 'SEVERITY', 'Severity', 'SeverityText',
  'lvl', 'LVL', 'Lvl', 'severity_text', 'Severity_Text', 'SEVERITY_TEXT',
];
const LEVEL_FIELD_SET = new Set(LEVEL_FIELDS);
const JSON_MAX_DEPTH = 2;

function findPair(pairs: readonly LabelPair[] | undefined, names: readonly string[]): string | undefined {
  if (!pairs) return undefined;
  for (const n of names) for (const p of pairs) if (p[0] === n) return p[1];
  return undefined;
}

/** Level from the stream labels or structured metadata, kept exactly as written (Loki does not normalise these). */
export function levelFromLabels(stream: readonly LabelPair[]): string | undefined {
  return findPair(stream, LEVEL_FIELDS);
}

function levelFromSeverityNumber(text: string): string {
  if (!/^[+-]?\d+$/.test(text)) return 'info';
  const n = Number(text);
  if (n === 0) return 'unknown';
  if (n <= 4) return 'trace';
  if (n <= 8) return 'debug';
  if (n <= 12) return 'info';
  if (n <= 16) return 'warn';
  if (n <= 20) return 'error';
  if (n <= 24) return 'fatal';
  return 'unknown';
}

const NORMALISED: Record<string, string> = {
  trace: 'trace', trc: 'trace', debug: 'debug', dbg: 'debug', info: 'info', inf: 'info',
  warn: 'warn', wrn: 'warn', warning: 'warn', error: 'error', err: 'error', critical: 'critical', fatal: 'fatal',
};

const BOUNDED_KEYWORDS: readonly [string, string][] = [
  ['trace', 'trace'], ['debug', 'debug'], ['fatal', 'fatal'], ['critical', 'critical'],
  ['error', 'error'], ['err', 'error'], ['warning', 'warn'], ['warn', 'warn'],
];
const WORD_CHAR = /[\p{L}\p{Nd}_]/u;
// Matches wherever the lowercased line contains a keyword (`error`/`warning` contain `err`/`warn`). Without
// the u flag, /i matches ASCII letters only by ASCII letters, and no other character lowercases to an ASCII
// letter directly followed by the next letter of a keyword, so a miss here is a miss in the lowercase copy.
const ANY_KEYWORD = /trace|debug|fatal|critical|err|warn/i;

/** True when the first occurrence of `word` stands alone (no letter, digit or `_` on either side). */
function boundedAt(line: string, word: string): boolean {
  const p = line.indexOf(word);
  if (p < 0) return false;
  const before = line[p - 1];
  const after = line[p + word.length];
  return (before === undefined || !WORD_CHAR.test(before)) && (after === undefined || !WORD_CHAR.test(after));
}

/**
 * The keyword scan of a line without a level field. Loki 3.6.7's answers show `info`/`INFO` found
 * anywhere, and the other levels only as whole words at their first occurrence: `\x1b[31mERROR` and
 * `server:` do not count as errors, `[error]` does.
 */
function levelFromKeywords(line: string): string {
  if (line.includes('info') || line.includes('INFO')) return 'info';
  // Most lines hold no keyword at all: one scan instead of a lowercase copy and eight searches.
  if (!ANY_KEYWORD.test(line)) return 'unknown';
  const lower = line.toLowerCase();
  for (const [word, level] of BOUNDED_KEYWORDS) if (boundedAt(lower, word)) return level;
  return 'unknown';
}

function isJSONLine(line: string): boolean {
  const t = line.trim();
  return t.startsWith('{') && t.endsWith('}');
}

/** The first string value under a level key, searching nested objects up to JSON_MAX_DEPTH levels. */
function levelFromJSON(line: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return undefined;
  }
  const walk = (obj: unknown, depth: number): string | undefined => {
    if (depth >= JSON_MAX_DEPTH || obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'string') {
        if (LEVEL_FIELD_SET.has(k)) return v;
      } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const found = walk(v, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return walk(doc, 0);
}

const LOGFMT_PAIR = /([^\s=]+)=("(?:[^"\\]|\\.)*"|\S*)/g;
const LOWER_FIELDS = LEVEL_FIELDS.map((f) => f.toLowerCase());
// A pair whose key is a level field has that key right before its `=` (log.level ends in level=): a line
// without any of these has none (same ASCII-only reasoning as ANY_KEYWORD).
const ANY_LEVEL_KEY = /(?:level|lvl|severity|severitytext|severity_text)=/i;

/** The value of the best-ranked level key (case-insensitive) in a logfmt line. */
function levelFromLogfmt(line: string): string | undefined {
  if (!ANY_LEVEL_KEY.test(line)) return undefined;
  let best: string | undefined;
  let rank = LOWER_FIELDS.length;
  for (const m of line.matchAll(LOGFMT_PAIR)) {
    const r = LOWER_FIELDS.indexOf(m[1]!.toLowerCase());
    if (r < 0 || r >= rank) continue;
    let v = m[2]!;
    if (v.startsWith('"')) {
      try { v = JSON.parse(v) as string; } catch { v = v.slice(1, -1); }
    }
    best = v;
    rank = r;
    if (r === 0) break;
  }
  return best;
}

function levelFromLine(line: string): string {
  let v: string | undefined;
  if (isJSONLine(line)) v = levelFromJSON(line);
  else if (line.includes('=')) v = levelFromLogfmt(line);
  else return levelFromKeywords(line);
  return (v !== undefined && NORMALISED[v.toLowerCase()]) || levelFromKeywords(line);
}

/** The detected_level of one entry: stream label, then structured metadata, then OTLP severity, then the line. */
export function detectLevel(streamLevel: string | undefined, sm: readonly LabelPair[] | undefined, line: string): string {
  if (streamLevel !== undefined) return streamLevel;
  const fromSM = findPair(sm, LEVEL_FIELDS);
  if (fromSM !== undefined) return fromSM;
  const severity = findPair(sm, ['severity_number']);
  if (severity !== undefined && severity !== '') return levelFromSeverityNumber(severity);
  return levelFromLine(line);
}
