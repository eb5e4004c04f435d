// `| label_format dst=src, dst2="{{tmpl}}"`: renames and templated labels, left to right.
import type { LabelFormatItem } from '../syntax/ast.js';
import type { LabelsBuilder } from './labels-builder.js';
import { ERROR_LABEL } from './labels-result.js';
import { type LineState, type Stage, StageError } from './stage.js';
import { compileUserTemplate, TEMPLATE_FORMAT_ERR } from './stage-line-format.js';
import type { CompiledTemplate } from './template/exec.js';

type Item = { dst: string; src: string } | { dst: string; tmpl: CompiledTemplate };

class LabelFormatStage implements Stage {
  readonly requiredLabels: readonly string[];
  readonly #items: Item[];

  constructor(items: Item[]) {
    this.#items = items;
    const names: string[] = [];
    for (const it of items) {
      if ('src' in it) names.push(it.src);
      else names.push(...it.tmpl.fields);
    }
    this.requiredLabels = [...new Set(names)];
  }

  process(line: LineState, lbs: LabelsBuilder): boolean {
    // Every template of the stage sees the labels as they were at its first template.
    let snapshot: Record<string, string> | undefined;
    for (const it of this.#items) {
      if ('src' in it) {
        const v = lbs.get(it.src);
        if (v !== undefined) {
          lbs.setParsed(it.dst, v);
          lbs.delete(it.src);
        }
        continue;
      }
      snapshot ??= lbs.toRecord();
      try {
        lbs.setParsed(it.dst, it.tmpl.execute(snapshot, { line: line.string(), ts: line.ts }));
      } catch (e) {
        lbs.setError(TEMPLATE_FORMAT_ERR, e instanceof Error ? e.message : String(e));
      }
    }
    return true;
  }
}

export function compileLabelFormat(items: readonly LabelFormatItem[]): Stage {
  const seen = new Set<string>();
  const out: Item[] = [];
  for (const it of items) {
    if (it.dst === ERROR_LABEL) throw new StageError(`${ERROR_LABEL} cannot be used as a label_format target`);
    if (seen.has(it.dst)) throw new StageError(`multiple label name '${it.dst}' not allowed in a single format operation`);
    seen.add(it.dst);
    if (it.src !== undefined) out.push({ dst: it.dst, src: it.src });
    else out.push({ dst: it.dst, tmpl: compileUserTemplate('label', it.template ?? '') });
  }
  return new LabelFormatStage(out);
}
