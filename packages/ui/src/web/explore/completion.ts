// Autocomplete for the LogQL editor, from the text before the cursor: label names after `{` or `,`, a label's values
// after `name="` (restricted by the matchers already typed), parsers, line filters and detected fields after `|`,
// range and vector functions elsewhere.
import { startCompletion, type Completion, type CompletionContext, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import { AGGREGATION_OPERATORS, RANGE_VEC_FUNCTIONS } from '@grafana/lezer-logql';
import { detectedFields, labelNames, labelValues } from '../api/loki.js';
import type { ResolvedRange } from '../shell/time-range.js';

const PARSERS = ['json', 'logfmt', 'pattern', 'regexp', 'unpack', 'line_format', 'label_format', 'drop', 'keep', 'decolorize', 'unwrap'];
const LINE_FILTERS = [
  { label: '|= ""', detail: 'line contains' },
  { label: '!= ""', detail: 'line does not contain' },
  { label: '|~ ""', detail: 'line matches regex' },
  { label: '!~ ""', detail: 'line does not match regex' },
];
const MATCHER = /([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;
const OPEN_VALUE = /([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)$/;

const quote = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** Inserts the text and opens the next list at once (a label name leads to its values), as Grafana does. */
function insertThenComplete(text: string) {
  return (view: EditorView, _c: Completion, from: number, to: number): void => {
    view.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from + text.length } });
    startCompletion(view);
  };
}

async function insideSelector(inside: string, pos: number, range: ResolvedRange): Promise<CompletionResult | null> {
  const open = OPEN_VALUE.exec(inside);
  if (open) {
    const [, name, , typed = ''] = open;
    const others = [...inside.slice(0, open.index).matchAll(MATCHER)].map((m) => m[0]);
    const values = await labelValues(name!, range.fromMs, range.toMs, others.length > 0 ? `{${others.join(', ')}}` : undefined);
    return { from: pos - typed.length, options: values.map((v) => ({ label: v, type: 'text', apply: `${quote(v)}"` })), validFor: /^[^"]*$/ };
  }
  const name = /(?:^|,)\s*([A-Za-z_]\w*)?$/.exec(inside);
  if (!name) return null;
  const names = await labelNames(range.fromMs, range.toMs);
  return {
    from: pos - (name[1]?.length ?? 0),
    options: names.map((n) => ({ label: n, type: 'property', apply: insertThenComplete(`${n}="`) })),
    validFor: /^\w*$/,
  };
}

async function afterPipe(before: string, pipeAt: number, typed: string, pos: number, range: ResolvedRange): Promise<CompletionResult> {
  const options: Completion[] = PARSERS.map((p) => ({ label: p, type: 'keyword', detail: 'parser / stage' }));
  for (const f of LINE_FILTERS) {
    options.push({ label: f.label, type: 'keyword', detail: f.detail, apply: (view, _c, _from, to) => {
      view.dispatch({ changes: { from: pipeAt, to, insert: f.label }, selection: { anchor: pipeAt + f.label.length - 1 } });
    } });
  }
  const pipeline = before.slice(0, pipeAt).trim();
  if (/\|\s*(json|logfmt)\b/.test(pipeline)) {
    const fields = await detectedFields(pipeline, range.fromMs, range.toMs).catch(() => []);
    for (const f of fields) options.push({ label: f.label, type: 'variable', detail: `${f.type} field, ${f.cardinality} values`, boost: 1 });
  }
  return { from: pos - typed.length, options, validFor: /^\w*$/ };
}

function functions(typed: string, pos: number): CompletionResult {
  const items = [...RANGE_VEC_FUNCTIONS, ...AGGREGATION_OPERATORS];
  return {
    from: pos - typed.length,
    options: items.map((f) => ({ label: f.label, type: 'function', detail: f.detail, info: f.documentation, apply: `${f.label}(` })),
    validFor: /^\w*$/,
  };
}

export function logqlCompletion(rangeNow: () => ResolvedRange): CompletionSource {
  return async (ctx: CompletionContext) => {
    const before = ctx.state.doc.sliceString(0, ctx.pos);
    const range = rangeNow();
    const selectorStart = before.lastIndexOf('{');
    if (selectorStart > before.lastIndexOf('}')) return insideSelector(before.slice(selectorStart + 1), ctx.pos, range);
    const pipe = /\|\s*(\w*)$/.exec(before);
    if (pipe && !/[=~]$/.test(before)) return afterPipe(before, pipe.index, pipe[1]!, ctx.pos, range);
    const word = /(?:^|[\s(])(\w*)$/.exec(before);
    if (word && (word[1] || ctx.explicit)) return functions(word[1]!, ctx.pos);
    return null;
  };
}
