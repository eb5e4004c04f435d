// Explore: queries A, B, … run over one time range; the URL holds the whole state (Grafana 12's format), so running,
// zooming or changing the range writes the URL and the URL drives what is run.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useTenant } from '../api/tenant.js';
import { RefreshPicker, type AutoRefresh } from '../shell/refresh-picker.js';
import { navigate, useLocation } from '../shell/router.js';
import { TimePicker } from '../shell/time-picker.js';
import { resolveRange, type RawTimeRange } from '../shell/time-range.js';
import { remember } from './history.js';
import { runQuery, type QueryResult } from './query-runner.js';
import { QueryRow } from './query-row.js';
import { Results } from './results.js';
import { readState, stateSearch, type ExploreQuery, type ExploreState } from './url-state.js';

/** While a query runs again its last result stays on screen, as Grafana keeps it. */
type Outcome = { state: 'running'; last?: QueryResult } | { state: 'done'; result: QueryResult } | { state: 'error'; message: string };

const lastResult = (o: Outcome | undefined): QueryResult | undefined => (o?.state === 'done' ? o.result : o?.state === 'running' ? o.last : undefined);

const nextRefId = (queries: readonly ExploreQuery[]): string => {
  for (let i = 0; ; i++) {
    const id = i < 26 ? String.fromCharCode(65 + i) : `Q${i}`;
    if (!queries.some((q) => q.refId === id)) return id;
  }
};

export function Explore() {
  const location = useLocation();
  const searchKey = location.search.toString();
  const urlState = useMemo(() => readState(location.search), [searchKey]);
  const [draft, setDraft] = useState(urlState.queries);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [runCount, setRunCount] = useState(0);
  const [autoRefresh, setAutoRefresh] = useState<AutoRefresh>('off');
  const { tenant } = useTenant();
  const resultsRef = useRef<HTMLDivElement>(null);

  // A URL that says other queries than those edited (back, forward, a pasted link) replaces the editors.
  const [editorsEpoch, setEditorsEpoch] = useState(0);
  useEffect(() => {
    const same = urlState.queries.length === draft.length && urlState.queries.every((q, i) => q.expr === draft[i]!.expr && q.refId === draft[i]!.refId);
    if (same) return;
    setDraft(urlState.queries);
    setEditorsEpoch((n) => n + 1);
  }, [urlState]);

  const go = (state: ExploreState): void => navigate(`/explore${stateSearch(state)}`);
  const run = useCallback((): void => {
    draft.forEach((q) => remember(q.expr));
    const search = stateSearch({ ...urlState, queries: draft });
    if (search === `?${searchKey}`) setRunCount((n) => n + 1);
    else navigate(`/explore${search}`);
  }, [draft, urlState, searchKey]);

  // The URL (or a refresh) decides what runs: every query with an expression, over the URL's range.
  useEffect(() => {
    const abort = new AbortController();
    const range = resolveRange(urlState.range);
    const width = resultsRef.current?.clientWidth ?? window.innerWidth;
    const running = urlState.queries.filter((q) => q.expr.trim());
    setOutcomes((old) => Object.fromEntries(running.map((q): [string, Outcome] => [q.refId, { state: 'running', last: lastResult(old[q.refId]) }])));
    for (const q of running) {
      runQuery(q.expr, range, width, abort.signal).then(
        (result) => setOutcomes((o) => ({ ...o, [q.refId]: { state: 'done', result } })),
        (e: unknown) => {
          if (abort.signal.aborted) return;
          const message = e instanceof Error ? e.message : String(e);
          setOutcomes((o) => ({ ...o, [q.refId]: { state: 'error', message } }));
        },
      );
    }
    return () => abort.abort();
  }, [urlState, runCount, tenant]);

  const setRange = (range: RawTimeRange): void => go({ ...urlState, queries: draft, range });
  const onZoom = (fromMs: number, toMs: number): void => setRange({ from: String(fromMs), to: String(toMs) });
  const update = (i: number, q: ExploreQuery): void => setDraft(draft.map((d, j) => (j === i ? q : d)));
  const anyRunning = Object.values(outcomes).some((o) => o.state === 'running');

  return (
    <div class="explore">
      <div class="toolbar">
        <h1 class="page-title">Explore</h1>
        <span class="datasource-chip">◆ Loki (Logi)</span>
        <span class="spacer" />
        <TimePicker range={urlState.range} utc={urlState.utc} onChange={setRange}
          onUtcChange={(utc) => go({ ...urlState, queries: draft, utc })} />
        <RefreshPicker value={autoRefresh} onChange={setAutoRefresh} onRefresh={run} running={anyRunning} />
      </div>
      <div class="queries">
        {draft.map((q, i) => {
          const o = outcomes[q.refId];
          return (
            <QueryRow key={`${q.refId}-${editorsEpoch}`} query={q} error={o?.state === 'error' ? o.message : undefined} canRemove={draft.length > 1}
              onChange={(nq) => update(i, nq)} onRemove={() => setDraft(draft.filter((_d, j) => j !== i))} onRun={run}
              rangeNow={() => resolveRange(urlState.range)} />
          );
        })}
        <button class="add-query" onClick={() => setDraft([...draft, { refId: nextRefId(draft), expr: '' }])}>+ Add query</button>
      </div>
      <div class="results-area" ref={resultsRef}>
        {draft.map((q) => {
          const o = outcomes[q.refId];
          const result = lastResult(o);
          if (!o || o.state === 'error') return null;
          return (
            <div class="query-results" data-refid={q.refId} key={q.refId}>
              {draft.length > 1 && <h3 class="results-ref">{q.refId}</h3>}
              {o.state === 'running' && <div class="loading">Running query…</div>}
              {result && (
                <Results result={result} legendFormat={q.legendFormat} utc={urlState.utc}
                  metricView={urlState.metricView} onMetricView={(metricView) => go({ ...urlState, queries: draft, metricView })} onZoom={onZoom} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
