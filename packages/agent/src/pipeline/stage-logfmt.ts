import { extractedOf } from './entry.js';
import type { StageDef } from './stage.js';

/** Parses logfmt pairs (`a=1 b="two words"`, bare keys count as empty) into a map; later keys win. */
export function parseLogfmt(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text.charCodeAt(i) <= 32) i++;
    const ks = i;
    while (i < n && text[i] !== '=' && text.charCodeAt(i) > 32) i++;
    const key = text.slice(ks, i);
    if (text[i] !== '=') {
      if (key) out.set(key, '');
      continue;
    }
    i++;
    let value = '';
    if (text[i] === '"') {
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n) {
          const c = text[++i]!;
          value += c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c;
        } else value += text[i];
        i++;
      }
      i++;
    } else {
      const vs = i;
      while (i < n && text.charCodeAt(i) > 32) i++;
      value = text.slice(vs, i);
    }
    if (key) out.set(key, value);
  }
  return out;
}

/** stage.logfmt: extracts logfmt keys; `mapping` maps extracted names to logfmt keys ("" means the same name). */
export const logfmtStage: StageDef = {
  name: 'logfmt',
  attrs: ['mapping', 'source'],
  build(args) {
    const mapping = args.map('mapping');
    if (!mapping || Object.keys(mapping).length === 0) throw args.error('mapping', `${args.what}: "mapping" must name at least one key`);
    const pairs = Object.entries(mapping).map(([to, from]) => [to, from || to] as const);
    const source = args.string('source');
    return (next) => ({
      push(e) {
        const text = source === undefined ? e.line : extractedOf(e)[source];
        if (typeof text === 'string') {
          const kv = parseLogfmt(text);
          const extracted = extractedOf(e);
          for (const [to, from] of pairs) {
            const v = kv.get(from);
            if (v !== undefined) extracted[to] = v;
          }
        }
        next(e);
      },
    });
  },
};
