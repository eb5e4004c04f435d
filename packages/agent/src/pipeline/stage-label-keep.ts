import type { StageDef } from './stage.js';

/** stage.label_keep (Promtail: labelallow): removes every label not named; internal "__" labels stay. */
export const labelKeepStage: StageDef = {
  name: 'label_keep',
  promtail: 'labelallow',
  attrs: ['values'],
  build(args) {
    const keep = new Set(args.list('values') ?? []);
    return (next) => ({
      push(e) {
        let labels = e.labels;
        for (const n of e.labels.keys()) if (!keep.has(n) && !n.startsWith('__')) labels = labels.without(n);
        e.labels = labels;
        next(e);
      },
    });
  },
};
