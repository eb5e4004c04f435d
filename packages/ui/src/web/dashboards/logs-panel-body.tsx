// A dashboard's logs panel: the lines in Explore's log list, shown as the panel's Grafana options ask (wrap, order,
// dedup, pretty JSON); a row's filter button opens Explore with the filtered query, as from Grafana's logs panel.
import { useMemo, useState } from 'preact/hooks';
import type { StreamResult } from '../api/loki.js';
import { exploreHref } from '../explore/url-state.js';
import { DEDUP_STRATEGIES, dedupRows } from '../logs/dedup.js';
import { LogContextView } from '../logs/log-context-view.js';
import { LogList } from '../logs/log-list.js';
import type { LogOptions } from '../logs/log-options.js';
import { mergeRows, rowsOf, type LogRow } from '../logs/log-rows.js';
import { navigate } from '../shell/router.js';
import type { ResolvedRange } from '../shell/time-range.js';

/** Grafana's logs panel options (wrapLogMessage, sortOrder, dedupStrategy, prettifyLogMessage) as Logi's. */
export function logOptionsOf(options: Record<string, unknown> | undefined): LogOptions {
  const o = options ?? {};
  return {
    wrap: o.wrapLogMessage === true,
    order: o.sortOrder === 'Ascending' ? 'oldest' : 'newest',
    dedup: DEDUP_STRATEGIES.find((d) => d === o.dedupStrategy) ?? 'none',
    prettyJson: o.prettifyLogMessage === true,
  };
}

/** The query edits of the filter buttons read the query with the LogQL grammar, a chunk loaded on first use. */
const filterQuery = (): Promise<typeof import('../logs/filter-query.js')> => import('../logs/filter-query.js');

interface Props { streams: readonly StreamResult[]; expr: string; options: Record<string, unknown> | undefined; range: ResolvedRange; utc: boolean }

export function LogsPanelBody({ streams, expr, options, range, utc }: Props) {
  const shown = useMemo(() => {
    const o = logOptionsOf(options);
    return { options: o, rows: dedupRows(mergeRows([rowsOf(streams)], o.order), o.dedup) };
  }, [streams, options]);
  const [contextOf, setContextOf] = useState<LogRow>();
  const time = { range: { from: String(range.fromMs), to: String(range.toMs) }, utc };
  return (
    <>
      <LogList rows={shown.rows} options={shown.options} utc={utc}
        actions={{ onFilter: (kind, name, op, value) => void filterQuery().then(({ addLabelFilter }) => navigate(exploreHref(addLabelFilter(expr, kind, name, op, value), time))), onContext: setContextOf }} />
      {contextOf && <LogContextView row={contextOf} utc={utc} onClose={() => setContextOf(undefined)} />}
    </>
  );
}
