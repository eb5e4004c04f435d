// `| regexp "re"`: each named group of the first match becomes a label (unmatched group → "").
import type RE2 from 're2';
import type { LabelsBuilder } from './labels-builder.js';
import { compileRegex } from './regex.js';
import { isValidLabelName } from './sanitize.js';
import { type LineState, type Stage, StageError } from './stage.js';

const NAMED_GROUP = /\(\?P?<([^>]*)>/g;

class RegexpStage implements Stage {
  readonly requiredLabels: readonly string[] = [];
  readonly #re: RE2;
  readonly #names: string[];

  constructor(re: RE2, names: string[]) {
    this.#re = re;
    this.#names = names;
  }

  process(line: LineState, lbs: LabelsBuilder): boolean {
    const m = this.#re.exec(line.buffer() as unknown as string) as unknown as { groups?: Record<string, Buffer | undefined> } | null;
    if (m === null || m.groups === undefined) return true;
    const hints = lbs.hints;
    for (const n of this.#names) {
      const name = lbs.parserName(n);
      if (!hints.shouldExtract(name)) continue;
      const v = m.groups[n];
      lbs.setExtracted(name, v === undefined ? '' : v.toString('utf8'));
    }
    return true;
  }
}

export function compileRegexp(source: string): Stage {
  const re = compileRegex(source);
  const names: string[] = [];
  for (const m of source.matchAll(NAMED_GROUP)) {
    const n = m[1]!;
    if (!isValidLabelName(n)) throw new StageError(`invalid regexp parser: invalid extracted label name '${n}'`);
    if (names.includes(n)) throw new StageError(`invalid regexp parser: duplicate extracted label name '${n}'`);
    names.push(n);
  }
  if (names.length === 0) throw new StageError('invalid regexp parser: at least one named capture must be supplied');
  return new RegexpStage(re, names);
}
