import RE2 from 're2';
import { extractedOf } from './entry.js';
import type { StageDef } from './stage.js';

/** Compiles a user regex on RE2 (never JS RegExp), reporting a bad one as a config error. */
export function compileRegex(args: { error(name: string, msg: string): Error; what: string }, name: string, expr: string): RE2 {
  try {
    return new RE2(expr);
  } catch (e) {
    throw args.error(name, `${args.what}: invalid regular expression ${JSON.stringify(expr)}: ${(e as Error).message}`);
  }
}

/** stage.regex: extracts the named capture groups of an RE2 expression. */
export const regexStage: StageDef = {
  name: 'regex',
  attrs: ['expression', 'source'],
  build(args) {
    const expression = args.requireString('expression');
    const re = compileRegex(args, 'expression', expression);
    if (!/\(\?P?<[A-Za-z_]/.test(expression)) throw args.error('expression', `${args.what}: the expression needs at least one named capture group`);
    const source = args.string('source');
    return (next) => ({
      push(e) {
        const text = source === undefined ? e.line : extractedOf(e)[source];
        if (typeof text === 'string') {
          const m = re.exec(text);
          if (m?.groups) {
            const extracted = extractedOf(e);
            for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) extracted[k] = v;
          }
        }
        next(e);
      },
    });
  },
};
