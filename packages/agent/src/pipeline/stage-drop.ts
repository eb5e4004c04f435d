import { extractedOf, valueToString } from './entry.js';
import { compileRegex } from './stage-regex.js';
import type { StageDef } from './stage.js';

/**
 * stage.drop: drops entries for which every configured condition holds: `source` (one name or a list,
 * joined with `separator`) equals `value` or matches `expression` (or merely exists when neither is
 * set); without `source`, `expression` matches the line; `older_than` and `longer_than` compare the
 * entry time and line length.
 */
export const dropStage: StageDef = {
  name: 'drop',
  attrs: ['source', 'separator', 'expression', 'value', 'older_than', 'longer_than', 'drop_counter_reason'],
  build(args, ctx) {
    const sources = args.list('source');
    const separator = args.string('separator', ';');
    const value = args.string('value');
    const expression = args.string('expression');
    if (value !== undefined && expression !== undefined) throw args.error('value', `${args.what}: "value" and "expression" cannot both be set`);
    if (value !== undefined && !sources) throw args.error('value', `${args.what}: "value" needs "source"`);
    const re = expression === undefined ? undefined : compileRegex(args, 'expression', expression);
    const olderThanNs = args.has('older_than') ? BigInt(Math.round(args.duration('older_than', 0) * 1e6)) : undefined;
    const longerThan = args.has('longer_than') ? args.bytes('longer_than', 0) : undefined;
    const reason = args.string('drop_counter_reason', 'drop_stage');
    if (!sources && re === undefined && olderThanNs === undefined && longerThan === undefined) {
      throw args.error('source', `${args.what}: set at least one of source, expression, older_than or longer_than`);
    }
    return (next) => ({
      push(e) {
        let drop = true;
        if (sources) {
          const ex = extractedOf(e);
          const parts: string[] = [];
          for (const s of sources) {
            const v = valueToString(ex[s]);
            if (v === undefined) break;
            parts.push(v);
          }
          if (parts.length < sources.length) drop = false;
          else {
            const joined = parts.join(separator);
            if (value !== undefined) drop = joined === value;
            else if (re) drop = re.test(joined);
          }
        } else if (re) drop = re.test(e.line);
        if (drop && olderThanNs !== undefined) drop = e.ts < BigInt(Date.now()) * 1_000_000n - olderThanNs;
        if (drop && longerThan !== undefined) drop = Buffer.byteLength(e.line) > longerThan;
        if (drop) ctx.drop(e, reason);
        else next(e);
      },
    });
  },
};
