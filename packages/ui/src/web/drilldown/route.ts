// Logs Drilldown's paths as the Grafana app has them: /a/grafana-lokiexplore-app/explore lists the services,
// …/explore/service/<name>/<tab> shows one (…/explore/<label>/<value>/<tab> the streams of another label's value); `from` and `to` in the query string hold the range (now-15m by default),
// `timezone=utc` shows times in UTC (Grafana's URL parameter).
import type { RawTimeRange } from '../shell/time-range.js';

export const DRILLDOWN_PATH = '/a/grafana-lokiexplore-app/explore';

export const TABS = [
  { slug: 'logs', title: 'Logs' },
  { slug: 'labels', title: 'Labels' },
  { slug: 'fields', title: 'Fields' },
  { slug: 'patterns', title: 'Patterns' },
] as const;

export type TabSlug = (typeof TABS)[number]['slug'];

/** The label a service page shows the streams of: service_name, or another label Drilldown was opened on. */
export interface PrimaryLabel { name: string; value: string }

export type DrilldownView = { kind: 'services' } | { kind: 'service'; primary: PrimaryLabel; tab: TabSlug };

/** Drilldown names the service_name label "service" in its paths. */
const SERVICE_SLUG = 'service';

const DEFAULT_RANGE: RawTimeRange = { from: 'now-15m', to: 'now' };

export function readView(path: string): DrilldownView | undefined {
  if (path === DRILLDOWN_PATH || path === `${DRILLDOWN_PATH}/`) return { kind: 'services' };
  const m = /^\/([A-Za-z_]\w*)\/([^/]+)\/([a-z]+)$/.exec(path.slice(DRILLDOWN_PATH.length));
  const tab = TABS.find((t) => t.slug === m?.[3]);
  if (!m || !tab) return undefined;
  const name = m[1] === SERVICE_SLUG ? 'service_name' : m[1]!;
  return { kind: 'service', primary: { name, value: decodeURIComponent(m[2]!) }, tab: tab.slug };
}

export interface DrilldownTime { range: RawTimeRange; utc: boolean }

export function readTime(search: URLSearchParams): DrilldownTime {
  const from = search.get('from');
  const to = search.get('to');
  return { range: from && to ? { from, to } : DEFAULT_RANGE, utc: search.get('timezone') === 'utc' };
}

export function viewPath(view: DrilldownView, time: DrilldownTime): string {
  const query = `?${new URLSearchParams({ from: time.range.from, to: time.range.to, ...(time.utc ? { timezone: 'utc' } : {}) })}`;
  if (view.kind === 'services') return DRILLDOWN_PATH + query;
  const slug = view.primary.name === 'service_name' ? SERVICE_SLUG : view.primary.name;
  return `${DRILLDOWN_PATH}/${slug}/${encodeURIComponent(view.primary.value)}/${view.tab}${query}`;
}
