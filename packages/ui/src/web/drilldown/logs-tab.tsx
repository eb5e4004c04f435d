// A service's lines, newest first, in Explore's log list; Explore is one click away with the same query.
import { queryRange } from '../api/loki.js';
import { Warnings } from '../explore/results.js';
import { MAX_LINES } from '../explore/query-runner.js';
import { LogList } from '../logs/log-list.js';
import { Link } from '../shell/link.js';
import type { ResolvedRange } from '../shell/time-range.js';
import type { DrilldownTime, PrimaryLabel } from './route.js';
import { exploreHref, selectorOf } from './explore-link.js';
import { loadStatus, useLoad } from './use-load.js';

export function LogsTab({ primary, range, time }: { primary: PrimaryLabel; range: ResolvedRange; time: DrilldownTime }) {
  const selector = selectorOf(primary);
  const lines = useLoad((signal) => queryRange({ query: selector, startMs: range.fromMs, endMs: range.toMs, limit: MAX_LINES }, signal), [selector, range]);
  return (
    <section class="panel">
      <header class="panel-title">Logs <Link to={exploreHref(selector, time)} class="open-explore">Open in Explore</Link></header>
      {loadStatus(lines, 'logs') ?? (lines.state === 'done' && (
        <>
          <Warnings warnings={lines.data.warnings} />
          <LogList streams={lines.data.data.resultType === 'streams' ? lines.data.data.result : []} utc={time.utc} />
        </>
      ))}
    </section>
  );
}
