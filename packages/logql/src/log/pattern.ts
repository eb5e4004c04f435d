// Loki's pattern syntax (`<ip> - <_> "<method> <path>"`), shared by the `pattern` parser
// and the `|>`/`!>` line filters: literals and `<name>` captures; `<_>` captures nothing.
import { StageError } from './stage.js';

export type PatternNode = { kind: 'literal'; bytes: Buffer; text: string } | { kind: 'capture'; name: string };

const CAPTURE = /^<([A-Za-z_][A-Za-z0-9_]*)>/;

/** Splits a pattern into nodes; adjacent literal text is merged. */
export function parsePattern(p: string): PatternNode[] {
  const nodes: PatternNode[] = [];
  let lit = '';
  let i = 0;
  while (i < p.length) {
    if (p[i] === '<') {
      const m = CAPTURE.exec(p.slice(i));
      if (m !== null) {
        if (lit !== '') nodes.push({ kind: 'literal', bytes: Buffer.from(lit), text: lit });
        lit = '';
        nodes.push({ kind: 'capture', name: m[1]! });
        i += m[0].length;
        continue;
      }
    }
    lit += p[i];
    i++;
  }
  if (lit !== '') nodes.push({ kind: 'literal', bytes: Buffer.from(lit), text: lit });
  return nodes;
}

/** Rejects consecutive captures (`<a><b>`) and duplicate names, with Loki's messages. */
export function validatePattern(nodes: readonly PatternNode[]): void {
  const seen = new Set<string>();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.kind !== 'capture') continue;
    const next = nodes[i + 1];
    if (next?.kind === 'capture') throw new StageError(`found consecutive capture '<${n.name}><${next.name}>': invalid expression`);
    if (n.name === '_') continue;
    if (seen.has(n.name)) throw new StageError(`duplicate capture name (${n.name}): invalid expression`);
    seen.add(n.name);
  }
}

export function captureNames(nodes: readonly PatternNode[]): string[] {
  const out: string[] = [];
  for (const n of nodes) if (n.kind === 'capture' && n.name !== '_') out.push(n.name);
  return out;
}
