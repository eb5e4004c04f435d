// `| line_format "{{.level}} {{.msg}}"`: the rendered template replaces the line.
import type { LabelsBuilder } from './labels-builder.js';
import type { LineState, Stage } from './stage.js';
import { compileTemplate, type CompiledTemplate } from './template/exec.js';
import { StageError } from './stage.js';

export const TEMPLATE_FORMAT_ERR = 'TemplateFormatErr';

/** Compiles a user template, turning syntax errors into StageError (HTTP 400). */
export function compileUserTemplate(name: string, src: string): CompiledTemplate {
  try {
    return compileTemplate(name, src);
  } catch (e) {
    throw new StageError(e instanceof Error ? e.message : String(e));
  }
}

class LineFormatStage implements Stage {
  readonly requiredLabels: readonly string[];
  readonly #tmpl: CompiledTemplate;

  constructor(tmpl: CompiledTemplate) {
    this.#tmpl = tmpl;
    this.requiredLabels = tmpl.fields;
  }

  process(line: LineState, lbs: LabelsBuilder): boolean {
    try {
      const out = this.#tmpl.execute(lbs.toRecord(), { line: line.string(), ts: line.ts });
      line.setString(out);
    } catch (e) {
      // An execution error keeps the line and reports the template's message.
      lbs.setError(TEMPLATE_FORMAT_ERR, e instanceof Error ? e.message : String(e));
    }
    return true;
  }
}

export function compileLineFormat(template: string): Stage {
  return new LineFormatStage(compileUserTemplate('line', template));
}
