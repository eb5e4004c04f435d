// Logs Drilldown at the Grafana app's path: the services of the range, or one service's tabs. The path and the
// query parameters hold the whole view, as in Grafana.
import { useMemo } from 'preact/hooks';
import { useTenant } from '../api/tenant.js';
import { navigate, useLocation } from '../shell/router.js';
import { TimePicker } from '../shell/time-picker.js';
import { resolveRange } from '../shell/time-range.js';
import { readTime, readView, viewPath } from './route.js';
import { ServiceList } from './service-list.js';
import { ServicePage } from './service-page.js';
import './drilldown.css';

export function Drilldown() {
  const { path, search } = useLocation();
  const { tenant } = useTenant();
  const view = readView(path);
  const time = readTime(search);
  // Resolved once per view (and tenant): every panel of the view asks for the same range.
  const range = useMemo(() => resolveRange(time.range), [time.range.from, time.range.to, path, tenant]);
  if (!view) return <div class="not-yet"><h1>Page not found</h1><p>{path} is not a page of Logs Drilldown.</p></div>;
  return (
    <div class="drilldown">
      <div class="toolbar">
        <h1 class="page-title">Logs Drilldown</h1>
        <span class="datasource-chip">◆ Loki (Logi)</span>
        <span class="spacer" />
        <TimePicker range={time.range} utc={time.utc} onChange={(r) => navigate(viewPath(view, { ...time, range: r }))}
          onUtcChange={(utc) => navigate(viewPath(view, { ...time, utc }))} />
      </div>
      {view.kind === 'services'
        ? <ServiceList range={range} time={time} />
        : <ServicePage primary={view.primary} tab={view.tab} range={range} time={time} />}
    </div>
  );
}
