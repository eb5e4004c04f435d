// Loki's pattern expressions (`| pattern "<ip> - <_>"`, `|> "<_> GET <_>"`): a sequence of
// literals and `<name>` captures (`<_>` captures without a name). Parsing and the
// validations Loki applies when it builds the stage, with its error texts.

export type PatternNode = { kind: 'literal'; text: string } | { kind: 'capture'; name: string };

const CAPTURE = /^<([A-Za-z_][A-Za-z0-9_]*)>/;

/** Splits a pattern into alternating literal runs and captures. */
export function parsePattern(pattern: string): PatternNode[] {
  const nodes: PatternNode[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length;) {
    const m = pattern[i] === '<' ? CAPTURE.exec(pattern.slice(i)) : null;
    if (m) {
      if (literal !== '') { nodes.push({ kind: 'literal', text: literal }); literal = ''; }
      nodes.push({ kind: 'capture', name: m[1]! });
      i += m[0].length;
    } else {
      literal += pattern[i];
      i++;
    }
  }
  if (literal !== '') nodes.push({ kind: 'literal', text: literal });
  return nodes;
}

const text = (n: PatternNode): string => (n.kind === 'capture' ? `<${n.name}>` : n.text);

/** The error of `| pattern "…"` (pattern.New), or undefined when valid. */
export function patternParserError(pattern: string): string | undefined {
  const nodes = parsePattern(pattern);
  const names = nodes.flatMap((n) => (n.kind === 'capture' && n.name !== '_' ? [n.name] : []));
  if (names.length === 0) return 'at least one capture is required';
  // Loki only compares the pairs (0,1), (2,3), …
  for (let i = 0; i + 1 < nodes.length; i += 2) {
    if (nodes[i]!.kind === 'capture' && nodes[i + 1]!.kind === 'capture') {
      return `found consecutive capture '${text(nodes[i]!) + text(nodes[i + 1]!)}': invalid expression`;
    }
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) return `duplicate capture name (${n}): invalid expression`;
    seen.add(n);
  }
  return undefined;
}

/** The error of a `|>` / `!>` line filter pattern (pattern.ParseLineFilter), or undefined. */
export function patternFilterError(pattern: string): string | undefined {
  if (pattern === '') return undefined;
  const nodes = parsePattern(pattern);
  for (let i = 0; i + 1 < nodes.length; i++) {
    if (nodes[i]!.kind === 'capture' && nodes[i + 1]!.kind === 'capture') {
      return `found consecutive capture '${text(nodes[i]!) + text(nodes[i + 1]!)}': invalid expression`;
    }
  }
  const named = nodes.find((n) => n.kind === 'capture' && n.name !== '_');
  return named ? `named captures are not allowed: found '${text(named)}'` : undefined;
}
