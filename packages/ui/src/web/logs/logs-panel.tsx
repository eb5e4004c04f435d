// The Logs panel of a log query: display options, the lines (older ones loaded on scroll, or the live tail's),
// row details whose filter buttons edit the query.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { StreamResult } from '../api/loki.js';
import { MAX_LINES } from '../explore/query-runner.js';
import type { ResolvedRange } from '../shell/time-range.js';
import { dedupRows } from './dedup.js';
import { addLabelFilter } from './filter-query.js';
import { download } from './download.js';
import { LiveControls } from './live-controls.js';
import { useLiveTail } from './live-tail.js';
import { LogContextView } from './log-context-view.js';
import { LogList } from './log-list.js';
import { LogOptionsBar } from './log-options-bar.js';
import type { LogOptions } from './log-options.js';
import { mergeRows, rowsOf, type LogRow } from './log-rows.js';
import { olderPage, oldestNs } from './older-lines.js';

interface Props {
  streams: readonly StreamResult[];
  expr: string;
  range: ResolvedRange;
  utc: boolean;
  options: LogOptions;
  onOptions(options: LogOptions): void;
  /** runs the query edited by a filter button */
  onExpr(expr: string): void;
  /** shown in the panel's title, after "Logs" */
  stats: ComponentChildren;
}

type Older = { state: 'idle' | 'loading' | 'done' } | { state: 'error'; message: string };

export function LogsPanel(props: Props) {
  const first = useMemo(() => rowsOf(props.streams), [props.streams]);
  const [olderPages, setOlderPages] = useState<LogRow[][]>([]);
  const [older, setOlder] = useState<Older>({ state: 'idle' });
  const abort = useRef<AbortController | undefined>(undefined);
  useEffect(() => {
    setOlderPages([]);
    // A first page short of the limit holds every line of the range.
    setOlder({ state: first.length < MAX_LINES ? 'done' : 'idle' });
    return () => abort.current?.abort();
  }, [first]);

  const [contextOf, setContextOf] = useState<LogRow>();
  const [live, setLive] = useState(false);
  const [paused, setPaused] = useState(false);
  const tail = useLiveTail(props.expr, live, paused, props.range.fromMs);
  const startLive = (on: boolean): void => {
    setLive(on);
    setPaused(false);
  };

  const pages = live ? [tail.rows] : [first, ...olderPages];
  const rows = useMemo(() => mergeRows(pages, props.options.order), [...pages, props.options.order]);
  const shown = useMemo(() => dedupRows(rows, props.options.dedup), [rows, props.options.dedup]);

  const loadOlder = (): void => {
    const before = oldestNs(rows);
    if (older.state !== 'idle' || before === undefined) return;
    setOlder({ state: 'loading' });
    abort.current = new AbortController();
    olderPage(props.expr, props.range, before, abort.current.signal).then(
      (page) => {
        const known = new Set(rows.map((r) => r.key));
        const fresh = page.filter((r) => !known.has(r.key));
        setOlderPages((pages) => [...pages, fresh]);
        setOlder({ state: page.length < MAX_LINES || fresh.length === 0 ? 'done' : 'idle' });
      },
      (e: Error) => { if (e.name !== 'AbortError') setOlder({ state: 'error', message: e.message }); },
    );
  };

  return (
    <section class="panel logs-panel">
      <header class="panel-title">
        Logs {!live && props.stats}
        <span class="download">
          Download <button class="link" onClick={() => download(shown, 'text')}>txt</button>
          <button class="link" onClick={() => download(shown, 'json')}>json</button>
        </span>
        <LiveControls live={live} paused={paused} tail={tail} onLive={startLive} onPaused={setPaused} />
      </header>
      <LogOptionsBar options={props.options} onChange={props.onOptions} />
      <LogList rows={shown} options={props.options} utc={props.utc} onOldestEnd={live ? undefined : loadOlder}
        actions={{
          onFilter: (kind, name, op, value) => props.onExpr(addLabelFilter(props.expr, kind, name, op, value)),
          onContext: setContextOf,
        }} />
      {contextOf && <LogContextView row={contextOf} utc={props.utc} onClose={() => setContextOf(undefined)} />}
      <div class="logs-footer muted" data-testid="older-lines" hidden={live}>
        {older.state === 'loading' && 'Loading older lines…'}
        {older.state === 'error' && <span class="error-text">Older lines: {older.message}</span>}
        {older.state === 'done' && rows.length > 0 && `The whole range: ${rows.length.toLocaleString('en-US')} line${rows.length === 1 ? '' : 's'}`}
      </div>
    </section>
  );
}
