// `| drop a, b="v"` and `| keep a, b="v"`, as Loki's drop_labels.go / keep_labels.go.
import type { NamedLabel } from '../syntax/ast.js';
import { compileValueMatcher } from './filter-label.js';
import type { LabelsBuilder } from './labels-builder.js';
import { ERROR_DETAILS_LABEL, ERROR_LABEL, PRESERVE_ERROR_LABEL } from './labels-result.js';
import type { LineState, Stage } from './stage.js';

interface Named {
  name: string;
  match: ((v: string) => boolean) | undefined;
}

const compileNamed = (labels: readonly NamedLabel[]): Named[] =>
  labels.map((l) => ({ name: l.matcher?.name ?? l.name, match: l.matcher === undefined ? undefined : compileValueMatcher(l.matcher) }));

function currentValue(lbs: LabelsBuilder, name: string): string | undefined {
  if (name === ERROR_LABEL) return lbs.err === '' ? undefined : lbs.err;
  if (name === ERROR_DETAILS_LABEL) return lbs.errDetails === '' ? undefined : lbs.errDetails;
  return lbs.get(name);
}

class DropStage implements Stage {
  readonly requiredLabels: readonly string[] = [];
  readonly #labels: Named[];

  constructor(labels: readonly NamedLabel[]) {
    this.#labels = compileNamed(labels);
  }

  process(_line: LineState, lbs: LabelsBuilder): boolean {
    for (const l of this.#labels) {
      if (l.match === undefined) {
        if (currentValue(lbs, l.name) !== undefined) lbs.delete(l.name);
        continue;
      }
      if (l.match(currentValue(lbs, l.name) ?? '')) lbs.delete(l.name);
    }
    return true;
  }
}

class KeepStage implements Stage {
  readonly requiredLabels: readonly string[] = [];
  readonly #labels: Named[];

  constructor(labels: readonly NamedLabel[]) {
    this.#labels = compileNamed(labels);
  }

  process(_line: LineState, lbs: LabelsBuilder): boolean {
    if (this.#labels.length === 0) return true;
    for (const [name, value] of lbs.all()) {
      if (name === ERROR_LABEL || name === ERROR_DETAILS_LABEL || name === PRESERVE_ERROR_LABEL) continue;
      let keep = false;
      for (const k of this.#labels) {
        if (k.name !== name) continue;
        if (k.match === undefined || k.match(value)) {
          keep = true;
          break;
        }
      }
      if (!keep) lbs.delete(name);
    }
    return true;
  }
}

export function compileDrop(labels: readonly NamedLabel[]): Stage {
  return new DropStage(labels);
}

export function compileKeep(labels: readonly NamedLabel[]): Stage {
  return new KeepStage(labels);
}
