// A service's lines in Explore's Logs panel (options, older lines on scroll, live tail, row details); a row's
// filter button opens Explore with the filtered query, as Drilldown hands a refined query over to Explore.
import { useState } from 'preact/hooks';
import { queryRange } from '../api/loki.js';
import { Warnings } from '../explore/results.js';
import { MAX_LINES } from '../explore/query-runner.js';
import { DEFAULT_LOG_OPTIONS } from '../logs/log-options.js';
import { LogsPanel } from '../logs/logs-panel.js';
import { Link } from '../shell/link.js';
import { navigate } from '../shell/router.js';
import type { ResolvedRange } from '../shell/time-range.js';
import type { DrilldownTime, PrimaryLabel } from './route.js';
import { exploreHref } from '../explore/url-state.js';
import { selectorOf } from './explore-link.js';
import { loadStatus, useLoad } from './use-load.js';

export function LogsTab({ primary, range, time }: { primary: PrimaryLabel; range: ResolvedRange; time: DrilldownTime }) {
  const selector = selectorOf(primary);
  const [options, setOptions] = useState(DEFAULT_LOG_OPTIONS);
  const lines = useLoad((signal) => queryRange({ query: selector, startMs: range.fromMs, endMs: range.toMs, limit: MAX_LINES }, signal), [selector, range]);
  return (
    <>
      {loadStatus(lines, 'logs') ?? (lines.state === 'done' && (
        <>
          <Warnings warnings={lines.data.warnings} />
          <LogsPanel streams={lines.data.data.resultType === 'streams' ? lines.data.data.result : []} expr={selector} range={range} utc={time.utc}
            options={options} onOptions={setOptions} onExpr={(expr) => navigate(exploreHref(expr, time))}
            stats={<Link to={exploreHref(selector, time)} class="open-explore">Open in Explore</Link>} />
        </>
      ))}
    </>
  );
}
