// Marks the place a server parse error names ("parse error at line 1, col 8: …") in the editor.
import { StateEffect, StateField, type Text } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';

export interface ErrorPosition { line: number; column: number }

/** Line and column (1-based) named by a Loki parse error message, if it names one. */
export function errorPosition(message: string): ErrorPosition | undefined {
  const m = /line (\d+), col(?:umn)? (\d+)/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

export const setErrorMark = StateEffect.define<ErrorPosition | undefined>();
const mark = Decoration.mark({ class: 'cm-parse-error' });

/** The document range to underline: from the named column to the end of its token, at least one character. */
function markRange(doc: Text, at: ErrorPosition): { from: number; to: number } | undefined {
  if (at.line < 1 || at.line > doc.lines) return undefined;
  const line = doc.line(at.line);
  const from = Math.min(line.from + at.column - 1, line.to);
  const rest = doc.sliceString(from, line.to);
  const token = /^(\w+|"[^"]*"?|\S)/.exec(rest)?.[0].length ?? 0;
  const to = Math.max(from + token, Math.min(from + 1, doc.length));
  return from < to ? { from, to } : { from: Math.max(0, from - 1), to: from };
}

export const errorMarkField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = tr.docChanged ? Decoration.none : marks; // an edit makes the old position meaningless
    for (const e of tr.effects) {
      if (!e.is(setErrorMark)) continue;
      const range = e.value ? markRange(tr.state.doc, e.value) : undefined;
      next = range ? Decoration.set([mark.range(range.from, range.to)]) : Decoration.none;
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});
