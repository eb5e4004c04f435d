// `| decolorize`: strips ANSI escape sequences (colours, cursor moves) from the line.
import type { LabelsBuilder } from './labels-builder.js';
import type { LineState, Stage } from './stage.js';

// Our own fixed expression (not user input), the widely used ansi-regex form.
const ANSI = /[\u001B\u009B][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-nq-uy=><~]))/g;

class DecolorizeStage implements Stage {
  readonly requiredLabels: readonly string[] = [];

  process(line: LineState, _lbs: LabelsBuilder): boolean {
    const cur = line.current();
    // Cheap byte check first: most lines carry no escape at all.
    if (typeof cur !== 'string' && cur.indexOf(0x1b) < 0 && cur.indexOf('\u009b') < 0) return true;
    const s = line.string();
    const out = s.replace(ANSI, '');
    if (out !== s) line.setString(out);
    return true;
  }
}

export function compileDecolorize(): Stage {
  return new DecolorizeStage();
}
