import { extractedOf } from './entry.js';
import { compileTemplate } from './go-template.js';
import type { StageDef } from './stage.js';

/** stage.template: sets extracted[source] from a Go template over the extracted values (`.Value` is the current one, `.Entry` the line). */
export const templateStage: StageDef = {
  name: 'template',
  attrs: ['source', 'template'],
  build(args) {
    const source = args.requireString('source');
    let tpl;
    try {
      tpl = compileTemplate(args.requireString('template'));
    } catch (e) {
      throw args.error('template', `${args.what}: invalid template: ${(e as Error).message}`);
    }
    return (next) => ({
      push(e) {
        const ex = extractedOf(e);
        try {
          ex[source] = tpl({ ...ex, Value: ex[source], Entry: e.line });
        } catch {
          // a failing function leaves the value as it was, as Promtail does
        }
        next(e);
      },
    });
  },
};
