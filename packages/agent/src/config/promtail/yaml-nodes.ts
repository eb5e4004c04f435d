import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { Args } from '../args.js';
import { ConfigError, type SourcePos } from '../error.js';

/** A YAML value with the position of every map key, so errors can say file:line:col. */
export interface YNode {
  value: unknown;
  pos: SourcePos;
  fields: Map<string, { node: YNode; keyPos: SourcePos }> | undefined;
  items: YNode[] | undefined;
}

/** Parses YAML text; syntax errors become ConfigErrors with the position. */
export function parseYaml(text: string, file: string): YNode {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (offset: number): SourcePos => ({ file, ...lines.linePos(offset) });
  const first = doc.errors[0];
  if (first) throw new ConfigError(first.message.split('\n')[0]!, at(first.pos[0]));
  const convert = (n: Node | null | undefined, fallback: number): YNode => {
    const pos = at(n?.range?.[0] ?? fallback);
    if (isMap(n)) {
      const fields = new Map<string, { node: YNode; keyPos: SourcePos }>();
      const value: Record<string, unknown> = {};
      for (const item of n.items) {
        const k = item.key as Node | null;
        const name = isScalar(k) ? String(k.value) : String(k);
        const child = convert(item.value as Node | null, k?.range?.[1] ?? 0);
        fields.set(name, { node: child, keyPos: at(k?.range?.[0] ?? 0) });
        value[name] = child.value;
      }
      return { value, pos, fields, items: undefined };
    }
    if (isSeq(n)) {
      const items = n.items.map((x) => convert(x as Node, n.range?.[0] ?? 0));
      return { value: items.map((x) => x.value), pos, fields: undefined, items };
    }
    return { value: isScalar(n) ? n.value : null, pos, fields: undefined, items: undefined };
  };
  return convert(doc.contents as Node | null, 0);
}

/** The fields of a mapping as Args (an empty mapping when the node is null). */
export function argsOf(node: YNode | undefined, what: string, fallback: SourcePos): Args {
  if (!node || node.value === null) return new Args(what, {}, node?.pos ?? fallback);
  if (typeof node.value !== 'object' || Array.isArray(node.value)) throw new ConfigError(`${what} must be a mapping`, node.pos);
  const pos: Record<string, SourcePos> = {};
  for (const [k, f] of node.fields ?? []) pos[k] = f.keyPos;
  return new Args(what, node.value as Record<string, unknown>, node.pos, pos);
}
