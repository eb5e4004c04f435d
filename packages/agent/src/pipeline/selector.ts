import RE2 from 're2';
import { unquoteGo } from '@logi/protocol';
import type { LabelSet } from './label-set.js';

/** A compiled LogQL stream selector with optional line filters, as stage.match uses it. */
export interface Selector {
  matches(labels: LabelSet, line: string): boolean;
}

type Test = (s: string) => boolean;

class Reader {
  readonly text: string;
  at = 0;
  constructor(text: string) {
    this.text = text;
  }
  skip(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }
  take(...options: string[]): string | undefined {
    this.skip();
    for (const o of options) if (this.text.startsWith(o, this.at)) return (this.at += o.length), o;
    return undefined;
  }
  ident(): string {
    this.skip();
    const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(this.text.slice(this.at));
    if (!m) throw this.fail('expected a label name');
    this.at += m[0].length;
    return m[0];
  }
  string(): string {
    this.skip();
    const q = this.text[this.at];
    if (q === '`') {
      const end = this.text.indexOf('`', this.at + 1);
      if (end < 0) throw this.fail('unterminated raw string');
      const s = this.text.slice(this.at + 1, end);
      this.at = end + 1;
      return s;
    }
    if (q !== '"') throw this.fail('expected a quoted string');
    let i = this.at + 1;
    while (i < this.text.length && this.text[i] !== '"') i += this.text[i] === '\\' ? 2 : 1;
    if (i >= this.text.length) throw this.fail('unterminated string');
    const s = unquoteGo(this.text.slice(this.at + 1, i));
    this.at = i + 1;
    return s;
  }
  fail(msg: string): Error {
    return new Error(`${msg} at position ${this.at + 1} of ${JSON.stringify(this.text)}`);
  }
}

function regexTest(re: string, anchored: boolean): Test {
  const r = new RE2(anchored ? `^(?:${re})$` : re);
  return (s) => r.test(s);
}

/** Parses `{name="v", other=~"re"} |= "text" != "x" |~ "re"`; throws with the position on a syntax error. */
export function parseSelector(text: string): Selector {
  const r = new Reader(text);
  if (!r.take('{')) throw r.fail('expected "{"');
  const labelTests: [string, Test][] = [];
  if (!r.take('}')) {
    do {
      const name = r.ident();
      const op = r.take('=~', '!~', '!=', '=');
      if (!op) throw r.fail('expected one of =, !=, =~, !~');
      const value = r.string();
      const t: Test = op === '=' ? (s) => s === value : op === '!=' ? (s) => s !== value : regexTest(value, true);
      labelTests.push([name, op === '!~' ? (s) => !t(s) : t]);
    } while (r.take(','));
    if (!r.take('}')) throw r.fail('expected "," or "}"');
  }
  const lineTests: Test[] = [];
  for (let op = r.take('|=', '!=', '|~', '!~'); op; op = r.take('|=', '!=', '|~', '!~')) {
    const value = r.string();
    if (op === '|=') lineTests.push((s) => s.includes(value));
    else if (op === '!=') lineTests.push((s) => !s.includes(value));
    else {
      const t = regexTest(value, false);
      lineTests.push(op === '|~' ? t : (s) => !t(s));
    }
  }
  r.skip();
  if (r.at < text.length) throw r.fail('unexpected text');
  return {
    matches(labels, line) {
      for (const [name, t] of labelTests) if (!t(labels.get(name) ?? '')) return false;
      for (const t of lineTests) if (!t(line)) return false;
      return true;
    },
  };
}
