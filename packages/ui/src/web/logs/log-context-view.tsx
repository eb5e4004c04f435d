// "Show context": the lines before and after a row in its stream, oldest at the top, the row marked between them.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useDismiss } from '../shell/use-dismiss.js';
import { rowContext, streamSelector, type RowContext } from './log-context.js';
import { LogSummary } from './log-list.js';
import type { LogRow } from './log-rows.js';

export function LogContextView({ row, utc, onClose }: { row: LogRow; utc: boolean; onClose(): void }) {
  const [context, setContext] = useState<RowContext | { error: string }>();
  const box = useRef<HTMLDivElement>(null);
  useDismiss(box, true, onClose);
  useEffect(() => {
    const abort = new AbortController();
    rowContext(row, abort.signal).then(setContext, (e: Error) => { if (e.name !== 'AbortError') setContext({ error: e.message }); });
    return () => abort.abort();
  }, [row]);
  return (
    <div class="modal-backdrop">
      <div class="modal log-context" role="dialog" aria-label="Log context" ref={box}>
        <header class="panel-title">
          Log context <span class="muted">{streamSelector(row.stream)}</span>
          <button class="link close" aria-label="Close" onClick={onClose}>✕</button>
        </header>
        {!context && <div class="loading">Loading context…</div>}
        {context && 'error' in context && <div class="error-text">{context.error}</div>}
        {context && 'before' in context && (
          <div class="log-list context-lines">
            {[...context.before].reverse().map((r) => <div class="context-line" key={r.key}><LogSummary row={r} utc={utc} /></div>)}
            <div class="context-line current"><LogSummary row={row} utc={utc} /></div>
            {context.after.map((r) => <div class="context-line" key={r.key}><LogSummary row={r} utc={utc} /></div>)}
          </div>
        )}
      </div>
    </div>
  );
}
