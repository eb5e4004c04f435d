// `| unpack`: for lines packed by Promtail's `pack` stage, `{"_entry": "...", "k": "v"}`:
// the line becomes `_entry` and every other string-valued key a label.
import type { LabelsBuilder } from './labels-builder.js';
import { objectEach, unescapeString } from './json-scan.js';
import { sanitizeLabelKey } from './sanitize.js';
import type { LineState, Stage } from './stage.js';
import { addParserError, JSON_PARSER_ERR } from './stage-json.js';

const PACKED_ENTRY_KEY = '_entry';
// jsoniter's ObjectValue is 6: the text Loki prints for a line that is not an object.
const NOT_AN_OBJECT = 'expecting json object(6), but it is not';

class UnpackStage implements Stage {
  readonly requiredLabels: readonly string[] = [];

  process(line: LineState, lbs: LabelsBuilder): boolean {
    const hints = lbs.hints;
    const s = line.string();
    if (s.length === 0 || hints.skipParsing()) return true;
    if (s.charCodeAt(0) !== 0x7b) {
      addParserError(lbs, JSON_PARSER_ERR, NOT_AN_OBJECT);
      return true;
    }
    let entry: string | undefined;
    const found: [string, string][] = [];
    const err = objectEach(s, 0, (key, v) => {
      if (v.type !== 'string') return undefined;
      if (key === PACKED_ENTRY_KEY) {
        entry = unescapeString(s, v);
        return undefined;
      }
      const name = sanitizeLabelKey(lbs.parserName(key));
      if (name === '' || !hints.shouldExtract(name)) return undefined;
      found.push([name, unescapeString(s, v)]);
      return undefined;
    });
    if (err !== undefined) {
      addParserError(lbs, JSON_PARSER_ERR, err);
      return true;
    }
    if (entry === undefined) return true;
    for (const [n, v] of found) lbs.setExtracted(n, v);
    line.setString(entry);
    return true;
  }
}

export function compileUnpack(): Stage {
  return new UnpackStage();
}
