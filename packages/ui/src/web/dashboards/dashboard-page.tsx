// A dashboard at Grafana's /d/<uid>/<slug>: its title and time controls, its variables, and its panels on the grid.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { RefreshPicker } from '../shell/refresh-picker.js';
import { navigate, useLocation } from '../shell/router.js';
import { TimePicker } from '../shell/time-picker.js';
import { resolveRange, type ResolvedRange } from '../shell/time-range.js';
import { fetchDashboard } from './dashboard-api.js';
import { urlValues, viewOf, viewSearch, type DashboardView } from './dashboard-state.js';
import type { Dashboard, VariableOption } from './model.js';
import { PanelGrid } from './panel-grid.js';
import { VariableBar } from './variable-bar.js';
import { initialValues, variableOptions } from './variables.js';
import './dashboards.css';

interface Variables { options: Map<string, VariableOption[]>; values: Map<string, string[]> }

/**
 * Options and values of the variables from index `from` on, each after the ones before it (a selector may use them);
 * `wanted` gives the values to keep where they are still offered.
 */
async function loadVariables(d: Dashboard, from: number, known: Variables, wanted: (name: string) => string[], range: ResolvedRange): Promise<Variables> {
  const next = { options: new Map(known.options), values: new Map(known.values) };
  for (const v of (d.templating?.list ?? []).slice(from)) {
    const options = await variableOptions(v, next.values, next.options, range);
    next.options.set(v.name, options);
    next.values.set(v.name, initialValues(v, wanted(v.name), options));
  }
  return next;
}

type Loading = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; dashboard: Dashboard; path: string };

export function DashboardPage({ uid }: { uid: string }) {
  const { search } = useLocation();
  const [loading, setLoading] = useState<Loading>({ state: 'loading' });
  const [variables, setVariables] = useState<Variables | undefined>();
  const [tick, setTick] = useState(0);

  const dashboard = loading.state === 'ready' ? loading.dashboard : undefined;
  const view = dashboard ? viewOf(dashboard, search) : undefined;
  const range = useMemo(() => resolveRange(view?.range ?? { from: 'now-6h', to: 'now' }), [view?.range.from, view?.range.to, tick]);

  useEffect(() => {
    setLoading({ state: 'loading' });
    setVariables(undefined);
    fetchDashboard(uid).then(
      ({ dashboard: d, meta }) => {
        setLoading({ state: 'ready', dashboard: d, path: meta.url });
        document.title = `${d.title} - Dashboards - Logi`;
        const start = new URLSearchParams(window.location.search);
        loadVariables(d, 0, { options: new Map(), values: new Map() }, (name) => urlValues(start, name), resolveRange(viewOf(d, start).range))
          .then(setVariables, (e: unknown) => setLoading({ state: 'error', message: (e as Error).message }));
      },
      (e: unknown) => setLoading({ state: 'error', message: (e as Error).message }),
    );
  }, [uid]);

  // Grafana's URL: the path with the slug, and the view and variables in the query string.
  const show = (next: DashboardView, values: Map<string, string[]>): void => {
    if (loading.state === 'ready') navigate(loading.path + viewSearch(next, values), { replace: true });
  };
  useEffect(() => { if (view && variables) show(view, variables.values); }, [variables, loading]);

  if (loading.state === 'loading') return <div class="loading">Loading dashboard…</div>;
  if (loading.state === 'error') return <div class="not-yet"><h1>Dashboard not available</h1><p role="alert">{loading.message}</p></div>;
  const d = loading.dashboard;
  const v = view!;

  const setValue = (name: string, selected: string[]): void => {
    if (!variables) return;
    const index = (d.templating?.list ?? []).findIndex((x) => x.name === name);
    const chosen = { options: variables.options, values: new Map(variables.values).set(name, selected) };
    // the variables after it may list values that depend on it: reload those, keeping their values where possible
    loadVariables(d, index + 1, chosen, (n) => chosen.values.get(n) ?? [], range).then(setVariables, () => setVariables(chosen));
  };

  return (
    <div class="dashboard-page">
      <div class="toolbar">
        <a class="crumb" href="dashboards" onClick={(e) => { e.preventDefault(); navigate('/dashboards'); }}>Dashboards</a>
        <span class="muted">›</span>
        <h1 class="page-title">{d.title}</h1>
        <span class="spacer" />
        <TimePicker range={v.range} utc={v.utc} onChange={(r) => show({ ...v, range: r }, variables?.values ?? new Map())}
          onUtcChange={(utc) => show({ ...v, utc }, variables?.values ?? new Map())} />
        <RefreshPicker value={v.refresh} label="Refresh" running={false} onRefresh={() => setTick((t) => t + 1)}
          onChange={(refresh) => show({ ...v, refresh }, variables?.values ?? new Map())} />
      </div>
      {variables && (
        <>
          <VariableBar variables={d.templating?.list ?? []} options={variables.options} values={variables.values} onChange={setValue} />
          <PanelGrid panels={d.panels ?? []} values={variables.values} options={variables.options} range={range} utc={v.utc}
            onZoom={(fromMs, toMs) => show({ ...v, range: { from: String(fromMs), to: String(toMs) } }, variables.values)} />
        </>
      )}
    </div>
  );
}
