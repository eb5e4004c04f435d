// One query's CodeMirror 6 editor: LogQL highlighting, autocomplete, Ctrl/Cmd+Enter runs, parse errors marked.
import { autocompletion, closeBrackets } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { useEffect, useRef } from 'preact/hooks';
import type { ResolvedRange } from '../shell/time-range.js';
import { logqlCompletion } from './completion.js';
import { errorMarkField, setErrorMark, type ErrorPosition } from './error-mark.js';
import { logql } from './logql-language.js';

interface Props {
  /** the text at mount: the editor owns it from then on (a parent sets another by remounting with a new key) */
  value: string;
  onChange(value: string): void;
  onRun(): void;
  errorAt: ErrorPosition | undefined;
  rangeNow(): ResolvedRange;
}

export function QueryEditor(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(undefined);
  // The editor lives as long as the row; it reads the newest callbacks through this ref.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const run = (): boolean => { latest.current.onRun(); return true; };
    view.current = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          Prec.highest(keymap.of([{ key: 'Mod-Enter', run }, { key: 'Shift-Enter', run }])),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          closeBrackets(),
          logql,
          autocompletion({ override: [logqlCompletion(() => latest.current.rangeNow())], icons: false }),
          errorMarkField,
          placeholder('Enter a Loki query (Ctrl+Enter to run), e.g. {app="api"} |= "error"'),
          EditorView.lineWrapping,
          EditorView.updateListener.of((u) => { if (u.docChanged) latest.current.onChange(u.state.doc.toString()); }),
        ],
      }),
    });
    return () => view.current?.destroy();
  }, []);

  useEffect(() => { view.current!.dispatch({ effects: setErrorMark.of(props.errorAt) }); }, [props.errorAt]);

  return <div class="query-editor" ref={host} />;
}
