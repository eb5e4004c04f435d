// Regular expressions from queries are compiled with RE2 (the `re2` package), the engine
// Go's regexp mirrors; compile errors are reworded to Go's regexp/syntax texts, which is
// what Loki puts in its 400 bodies (`error parsing regexp: missing closing ): `(``).

import RE2 from 're2';

// RE2 (C++) error code text → Go regexp/syntax ErrorCode text.
const GO_ERROR_CODES: Readonly<Record<string, string>> = {
  'missing )': 'missing closing )',
  'missing ]': 'missing closing ]',
  'unexpected )': 'unexpected )',
  'trailing \\': 'trailing backslash at end of expression',
  'no argument for repetition operator': 'missing argument to repetition operator',
  'invalid repetition size': 'invalid repeat count',
  'bad repetition operator': 'invalid nested repetition operator',
  'invalid perl operator': 'invalid or unsupported Perl syntax',
  'invalid named capture group': 'invalid named capture',
  'invalid escape sequence': 'invalid escape sequence',
  'invalid character class': 'invalid character class',
  'invalid character class range': 'invalid character class range',
  'invalid UTF-8': 'invalid UTF-8',
  'pattern too large - compile failed': 'expression too large',
  'pattern too large - reverse compile failed': 'expression too large',
};

/** Go's error text for a regexp that does not compile (`error parsing regexp: …`), or undefined. */
export function regexError(pattern: string): string | undefined {
  // RE2 accepts \C (any byte); Go does not.
  const anyByte = /(?:^|[^\\])(?:\\\\)*(\\C)/.exec(pattern);
  if (anyByte) return 'error parsing regexp: invalid escape sequence: `\\C`';
  try {
    new RE2(pattern);
    return undefined;
  } catch (e) {
    const msg = (e as Error).message;
    const sep = msg.indexOf(': ');
    const code = sep < 0 ? msg : msg.slice(0, sep);
    const arg = sep < 0 ? '' : msg.slice(sep + 2);
    const goCode = GO_ERROR_CODES[code];
    if (goCode === undefined) return `error parsing regexp: ${msg}`;
    return `error parsing regexp: ${goCode}: \`${code === 'trailing \\' ? '' : arg}\``;
  }
}

/** The capturing groups of a valid regexp, in order: each group's name, '' for unnamed ones. */
export function captureGroups(pattern: string): string[] {
  const groups: string[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        i = end < 0 ? pattern.length : end + 1;
      } else i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // a `]` right after `[` or `[^` is a literal
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (c !== '(') continue;
    if (pattern[i + 1] !== '?') { groups.push(''); continue; }
    const named = /^\(\?P?<([^>]*)>/.exec(pattern.slice(i));
    if (named) groups.push(named[1]!);
  }
  return groups;
}

const emptyMatchCache = new Map<string, boolean>();

/** Whether the anchored, dot-all regexp of a label matcher matches the empty string. */
export function regexMatchesEmpty(pattern: string): boolean {
  let r = emptyMatchCache.get(pattern);
  if (r === undefined) {
    r = new RE2(`^(?s:${pattern})$`).test('');
    if (emptyMatchCache.size > 1000) emptyMatchCache.clear();
    emptyMatchCache.set(pattern, r);
  }
  return r;
}
