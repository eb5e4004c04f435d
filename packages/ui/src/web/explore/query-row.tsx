// One query of Explore (A, B, …): its editor, legend field, Format and History, and the error the server gave.
import { useRef, useState } from 'preact/hooks';
import { formatQuery } from '../api/loki.js';
import type { ResolvedRange } from '../shell/time-range.js';
import { useDismiss } from '../shell/use-dismiss.js';
import { errorPosition } from './error-mark.js';
import { readHistory } from './history.js';
import { QueryEditor } from './query-editor.js';
import type { ExploreQuery } from './url-state.js';

interface Props {
  query: ExploreQuery;
  error: string | undefined;
  canRemove: boolean;
  onChange(query: ExploreQuery): void;
  onRemove(): void;
  onRun(): void;
  rangeNow(): ResolvedRange;
}

export function QueryRow(props: Props) {
  const { query } = props;
  const [formatError, setFormatError] = useState<string>();
  const [historyOpen, setHistoryOpen] = useState(false);
  const [editorKey, setEditorKey] = useState(0);
  const historyRoot = useRef<HTMLDivElement>(null);
  useDismiss(historyRoot, historyOpen, () => setHistoryOpen(false));
  const error = props.error ?? formatError;
  const replaceExpr = (expr: string): void => {
    props.onChange({ ...query, expr });
    setEditorKey((k) => k + 1);
  };

  const format = async (): Promise<void> => {
    try {
      replaceExpr(await formatQuery(query.expr));
      setFormatError(undefined);
    } catch (e) {
      setFormatError((e as Error).message);
    }
  };

  return (
    <div class="query-row" data-refid={query.refId}>
      <div class="query-row-header">
        <span class="ref-id">{query.refId}</span>
        <span class="spacer" />
        <button class="link" onClick={format} disabled={!query.expr.trim()}>Format</button>
        <div class="history" ref={historyRoot}>
          <button class="link" onClick={() => setHistoryOpen(!historyOpen)} aria-expanded={historyOpen}>History</button>
          {historyOpen && (
            <ul class="dropdown history-list">
              {readHistory().map((h) => (
                <li key={h}><button onClick={() => { replaceExpr(h); setHistoryOpen(false); }}>{h}</button></li>
              ))}
              {readHistory().length === 0 && <li class="muted">No queries run yet.</li>}
            </ul>
          )}
        </div>
        {props.canRemove && <button class="link" aria-label={`Remove query ${query.refId}`} onClick={props.onRemove}>✕</button>}
      </div>
      <QueryEditor key={editorKey} value={query.expr} onChange={(expr) => props.onChange({ ...query, expr })} onRun={props.onRun}
        errorAt={error ? errorPosition(error) : undefined} rangeNow={props.rangeNow} />
      <div class="query-options">
        <label>Legend<input placeholder="{{label}}" value={query.legendFormat ?? ''}
          onInput={(e) => props.onChange({ ...query, legendFormat: e.currentTarget.value || undefined })} /></label>
      </div>
      {error && <div class="query-error" role="alert">{error}</div>}
    </div>
  );
}
