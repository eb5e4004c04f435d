import { extractedOf, valueToString } from './entry.js';
import { checkLabelNames } from './label-name.js';
import type { StageDef } from './stage.js';

/** stage.labels: sets labels from extracted values (`label = "extracted key"`, "" meaning the same name). */
export const labelsStage: StageDef = {
  name: 'labels',
  attrs: ['values'],
  build(args) {
    const values = args.map('values') ?? {};
    checkLabelNames(Object.keys(values), (m) => args.error('values', `${args.what}: ${m}`));
    const pairs = Object.entries(values).map(([label, from]) => [label, from || label] as const);
    return (next) => ({
      push(e) {
        const extracted = extractedOf(e);
        for (const [label, from] of pairs) {
          const v = valueToString(extracted[from]);
          if (v !== undefined && v !== '') e.labels.set(label, v);
        }
        next(e);
      },
    });
  },
};
