// The page frame: the top bar (navigation on Grafana's paths, the tenant field) and the page for the current path.
import type { ComponentChildren } from 'preact';
import { DashboardList } from '../dashboards/dashboard-list.js';
import { DashboardPage } from '../dashboards/dashboard-page.js';
import { LibraryPanelsPage } from '../dashboards/library-panels-page.js';
import { DRILLDOWN_PATH } from '../drilldown/route.js';
import { HOME_PATH } from '../../home.js';
import { lazyPage } from './lazy-page.js';
import { navigate, useLocation } from './router.js';
import { TenantField } from './tenant-field.js';

// Pages other than the dashboards (the home page) load their code when first shown.
const Explore = lazyPage(() => import('../explore/explore.js').then((m) => m.Explore));
const Drilldown = lazyPage(() => import('../drilldown/drilldown.js').then((m) => m.Drilldown));
const DashboardImport = lazyPage(() => import('../dashboards/dashboard-import.js').then((m) => m.DashboardImport));
const AlertList = lazyPage(() => import('../alerting/alert-list.js').then((m) => m.AlertList));
const Silences = lazyPage(() => import('../alerting/silences.js').then((m) => m.Silences));
const RuleEditor = lazyPage(() => import('../alerting/rule-editor.js').then((m) => m.RuleEditor));

const NAV = [
  { path: '/explore', label: 'Explore' },
  { path: DRILLDOWN_PATH, label: 'Drilldown' },
  { path: '/dashboards', label: 'Dashboards' },
  { path: '/alerting/list', label: 'Alerting' },
];

function NavLink({ path, label, current }: { path: string; label: string; current: string }) {
  const active = current === path || (path === '/dashboards' && (current.startsWith('/d/') || current.startsWith('/dashboard/') || current === '/library-panels'))
    || (path === DRILLDOWN_PATH && current.startsWith(path)) || (path === '/alerting/list' && current.startsWith('/alerting'));
  return (
    <a href={path.slice(1)} class={active ? 'active' : ''} aria-current={active ? 'page' : undefined}
      onClick={(e) => { e.preventDefault(); navigate(path); }}>{label}</a>
  );
}

/** The dashboard uid in Grafana's /d/<uid>/<slug> (the slug is optional and only the uid counts). */
export function dashboardUid(path: string): string | undefined {
  const board = /^\/d\/([^/]+)/.exec(path);
  return board ? decodeURIComponent(board[1]!) : undefined;
}

function page(path: string): ComponentChildren {
  if (path === '/explore') return <Explore />;
  if (path.startsWith(DRILLDOWN_PATH)) return <Drilldown />;
  if (path === '/dashboards') return <DashboardList />;
  if (path === '/library-panels') return <LibraryPanelsPage />;
  if (path === '/dashboard/new') return <DashboardPage key="new" />;
  if (path === '/dashboard/import') return <DashboardImport />;
  const uid = dashboardUid(path);
  if (uid !== undefined) return <DashboardPage key={uid} uid={uid} />;
  // Grafana's alerting paths (its home and /alerting show the rule list here)
  if (path === '/alerting/list' || path === '/alerting' || path === '/alerting/home') return <AlertList />;
  if (path === '/alerting/silences') return <Silences />;
  if (path === '/alerting/new' || path === '/alerting/edit') return <RuleEditor key={path} />;
  return <div class="not-yet"><h1>Page not found</h1><p>{path} is not a page of Logi.</p></div>;
}

const TITLES: Array<[prefix: string, title: string]> = [['/explore', 'Explore'], [DRILLDOWN_PATH, 'Logs Drilldown'], ['/d/', 'Dashboards'], ['/dashboard', 'Dashboards'], ['/library-panels', 'Library panels'], ['/alerting', 'Alerting']];

export function App() {
  const { path } = useLocation();
  document.title = `${TITLES.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'Logi'} - Logi`;
  if (path === '/') {
    navigate(HOME_PATH, { replace: true });
    return null;
  }
  return (
    <div class="app">
      <header class="topbar">
        <a class="brand" href="explore" onClick={(e) => { e.preventDefault(); navigate('/explore'); }}>
          <span class="logo">◈</span> Logi
        </a>
        <nav>{NAV.map((n) => <NavLink key={n.path} {...n} current={path} />)}</nav>
        <span class="spacer" />
        <TenantField />
      </header>
      <main>{page(path)}</main>
    </div>
  );
}
