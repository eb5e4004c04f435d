import { checkLabelNames } from './label-name.js';
import type { StageDef } from './stage.js';

/** stage.static_labels: adds fixed labels. */
export const staticLabelsStage: StageDef = {
  name: 'static_labels',
  attrs: ['values'],
  build(args) {
    const values = Object.entries(args.map('values') ?? {}).filter(([, v]) => v !== '');
    checkLabelNames(values.map(([k]) => k), (m) => args.error('values', `${args.what}: ${m}`));
    return (next) => ({
      push(e) {
        for (const [k, v] of values) e.labels = e.labels.with(k, v);
        next(e);
      },
    });
  },
};
