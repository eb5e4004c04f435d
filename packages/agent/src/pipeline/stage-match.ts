import type { Emit } from './entry.js';
import { parseSelector } from './selector.js';
import type { StageDef } from './stage.js';

/**
 * stage.match: entries whose labels (and line) match `selector` run through the nested stages
 * (action "keep") or are dropped (action "drop"); the others pass by unchanged.
 */
export const matchStage: StageDef = {
  name: 'match',
  attrs: ['selector', 'pipeline_name', 'action', 'drop_counter_reason'],
  build(args, ctx, nested) {
    const text = args.requireString('selector');
    let selector;
    try {
      selector = parseSelector(text);
    } catch (e) {
      throw args.error('selector', `${args.what}: invalid selector: ${(e as Error).message}`);
    }
    const action = args.string('action', 'keep');
    if (action !== 'keep' && action !== 'drop') throw args.error('action', `${args.what}: action must be "keep" or "drop"`);
    if (action === 'drop' && nested.length > 0) throw args.error('action', `${args.what}: a match with action "drop" cannot have nested stages`);
    if (action === 'keep' && nested.length === 0) throw args.error('selector', `${args.what}: a match with action "keep" needs nested stages`);
    const reason = args.string('drop_counter_reason', 'match_stage');
    const inner = ctx.buildNested(nested);
    return (next: Emit) => {
      const chain = inner(next);
      return {
        push(e) {
          if (!selector.matches(e.labels, e.line)) return next(e);
          if (action === 'drop') return ctx.drop(e, reason);
          chain.push(e);
        },
        flush: () => chain.flush?.(),
        stop: () => chain.stop?.(),
      };
    };
  },
};
