// Line filters (`|= != |~ !~ |> !>`, with `or` alternatives and ip()), decided on the raw
// bytes of the line: substring search with Buffer.indexOf, regexes with RE2 on the Buffer.
import type { LineFilterStage } from '../syntax/ast.js';
import type { LabelsBuilder } from './labels-builder.js';
import { IPPattern } from './filter-ip.js';
import { compilePatternTest } from './filter-pattern.js';
import { compileRegex } from './regex.js';
import { type LineState, type Stage, StageError } from './stage.js';

/** Tests one line's bytes. */
export type LineTest = (line: Buffer) => boolean;

function itemTest(op: LineFilterStage['op'], item: LineFilterStage['items'][number]): LineTest {
  if (item.kind === 'ip') {
    if (op !== '|=' && op !== '!=') throw new StageError('ip: invalid operation');
    const ip = new IPPattern(item.value);
    return (line) => ip.test(line);
  }
  switch (op) {
    case '|=':
    case '!=': {
      if (item.value === '') return () => true;
      const needle = Buffer.from(item.value, 'utf8');
      if (needle.length === 1) {
        const b = needle[0]!;
        return (line) => line.indexOf(b) >= 0;
      }
      return (line) => line.indexOf(needle) >= 0;
    }
    case '|~':
    case '!~': {
      const re = compileRegex(item.value);
      return (line) => re.test(line as unknown as string);
    }
    case '|>':
    case '!>':
      return compilePatternTest(item.value);
  }
}

/** Compiles one filter stage to a byte test: positive ops pass when any item matches, negative ones when none does. */
export function compileLineTest(f: LineFilterStage): LineTest {
  const tests = f.items.map((it) => itemTest(f.op, it));
  const negative = f.op === '!=' || f.op === '!~' || f.op === '!>';
  if (tests.length === 1) {
    const t = tests[0]!;
    return negative ? (line) => !t(line) : t;
  }
  const any: LineTest = (line) => {
    for (const t of tests) if (t(line)) return true;
    return false;
  };
  return negative ? (line) => !any(line) : any;
}

/** ANDs consecutive filters into one test. */
export function andLineTests(tests: readonly LineTest[]): LineTest {
  if (tests.length === 1) return tests[0]!;
  return (line) => {
    for (const t of tests) if (!t(line)) return false;
    return true;
  };
}

export class LineFilterStep implements Stage {
  readonly requiredLabels: readonly string[] = [];
  readonly test: LineTest;

  constructor(test: LineTest) {
    this.test = test;
  }

  process(line: LineState, _lbs: LabelsBuilder): boolean {
    return this.test(line.buffer());
  }
}
