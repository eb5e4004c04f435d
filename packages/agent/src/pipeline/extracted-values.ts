import { extractedOf, valueToString, type Entry } from './entry.js';
import { checkLabelNames } from './label-name.js';
import type { StageDef } from './stage.js';

/**
 * A stage whose `values` map names to extracted keys ("" meaning the same name) and stores each
 * non-empty extracted value with `put`: stage.labels and stage.structured_metadata differ only there.
 */
export function extractedValuesStage(name: string, put: (e: Entry, name: string, value: string) => void): StageDef {
  return {
    name,
    attrs: ['values'],
    build(args) {
      const values = args.map('values') ?? {};
      checkLabelNames(Object.keys(values), (m) => args.error('values', `${args.what}: ${m}`));
      const pairs = Object.entries(values).map(([target, from]) => [target, from || target] as const);
      return (next) => ({
        push(e) {
          const extracted = extractedOf(e);
          for (const [target, from] of pairs) {
            const v = valueToString(extracted[from]);
            if (v !== undefined && v !== '') put(e, target, v);
          }
          next(e);
        },
      });
    },
  };
}
