import { checkLabelNames } from './label-name.js';
import { LabelSet } from './label-set.js';
import type { StageDef } from './stage.js';

/** stage.static_labels: adds fixed labels. */
export const staticLabelsStage: StageDef = {
  name: 'static_labels',
  attrs: ['values'],
  build(args) {
    const values = Object.entries(args.map('values') ?? {}).filter(([, v]) => v !== '');
    checkLabelNames(values.map(([k]) => k), (m) => args.error('values', `${args.what}: ${m}`));
    return (next) => {
      // label sets are immutable: consecutive lines mostly come with the same one
      let lastIn: LabelSet | undefined;
      let lastOut = LabelSet.EMPTY;
      return {
        push(e) {
          if (e.labels !== lastIn) {
            lastIn = e.labels;
            for (const [k, v] of values) e.labels = e.labels.with(k, v);
            lastOut = e.labels;
          }
          e.labels = lastOut;
          next(e);
        },
      };
    };
  },
};
