import { extractedOf, valueToString } from './entry.js';
import { checkLabelNames } from './label-name.js';
import type { StageDef } from './stage.js';

/** stage.structured_metadata: attaches extracted values as structured metadata (not stream labels). */
export const structuredMetadataStage: StageDef = {
  name: 'structured_metadata',
  attrs: ['values'],
  build(args) {
    const values = args.map('values') ?? {};
    checkLabelNames(Object.keys(values), (m) => args.error('values', `${args.what}: ${m}`));
    const pairs = Object.entries(values).map(([name, from]) => [name, from || name] as const);
    return (next) => ({
      push(e) {
        const extracted = extractedOf(e);
        for (const [name, from] of pairs) {
          const v = valueToString(extracted[from]);
          if (v !== undefined && v !== '') (e.sm ??= []).push([name, v]);
        }
        next(e);
      },
    });
  },
};
