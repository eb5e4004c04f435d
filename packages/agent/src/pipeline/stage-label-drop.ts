import type { StageDef } from './stage.js';

/** stage.label_drop (Promtail: labeldrop): removes the named labels. */
export const labelDropStage: StageDef = {
  name: 'label_drop',
  promtail: 'labeldrop',
  attrs: ['values'],
  build(args) {
    const names = args.list('values') ?? [];
    return (next) => ({
      push(e) {
        for (const n of names) e.labels = e.labels.without(n);
        next(e);
      },
    });
  },
};
