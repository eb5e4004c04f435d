import { extractedOf, valueToString } from './entry.js';
import type { StageDef } from './stage.js';

/** stage.output: replaces the line with an extracted value. */
export const outputStage: StageDef = {
  name: 'output',
  attrs: ['source'],
  build(args) {
    const source = args.requireString('source');
    return (next) => ({
      push(e) {
        const v = valueToString(extractedOf(e)[source]);
        if (v !== undefined) e.line = v;
        next(e);
      },
    });
  },
};
