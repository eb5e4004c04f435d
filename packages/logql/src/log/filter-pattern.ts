// `|> "p"` / `!> "p"`: does the line fit a pattern of literals and `<_>` wildcards?
import { indexOfBytes } from './byte-search.js';
import { parsePattern, validatePattern, type PatternNode } from './pattern.js';
import { StageError } from './stage.js';

/** Compiles a line-filter pattern; named captures are an error (Loki allows only `<_>` here). */
export function compilePatternTest(p: string): (line: Buffer) => boolean {
  const nodes = parsePattern(p);
  validatePattern(nodes);
  for (const n of nodes) {
    if (n.kind === 'capture' && n.name !== '_') throw new StageError('pattern filter: named captures are not allowed, use <_> instead');
  }
  if (nodes.length === 0) return (line) => line.length === 0;
  return (line) => patternTest(nodes, line);
}

/**
 * Literals are found left to right; a non-first literal found right at the
 * current offset means an empty wildcard and fails. After the last node: a literal must end
 * the line, a wildcard must have something left to take. The first literal is not anchored.
 */
function patternTest(nodes: readonly PatternNode[], line: Buffer): boolean {
  let pos = 0;
  let literals = 0;
  for (const n of nodes) {
    if (n.kind !== 'literal') continue;
    const i = indexOfBytes(line, n.bytes, pos);
    if (i < 0) return false;
    if (literals > 0 && i === pos) return false;
    literals++;
    pos = i + n.bytes.length;
  }
  const last = nodes[nodes.length - 1]!;
  return last.kind === 'literal' ? pos === line.length : pos < line.length;
}
