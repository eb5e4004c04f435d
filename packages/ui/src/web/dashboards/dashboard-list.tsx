// Grafana's dashboards browser, flat: every dashboard Logi holds (provisioned and saved), by title, with its tags.
import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../shell/router.js';
import { searchDashboards } from './dashboard-api.js';
import type { SearchHit } from './model.js';
import './dashboards.css';

export function DashboardList() {
  const [hits, setHits] = useState<SearchHit[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [filter, setFilter] = useState('');
  useEffect(() => { searchDashboards().then(setHits, (e: unknown) => setError((e as Error).message)); }, []);
  const shown = (hits ?? []).filter((h) => h.title.toLowerCase().includes(filter.toLowerCase()));
  return (
    <div class="dashboard-list">
      <div class="toolbar">
        <h1 class="page-title">Dashboards</h1>
        <span class="spacer" />
        <a class="toolbar-button" href="library-panels" onClick={(e) => { e.preventDefault(); navigate('/library-panels'); }}>Library panels</a>
        <a class="toolbar-button" href="dashboard/import" onClick={(e) => { e.preventDefault(); navigate('/dashboard/import'); }}>Import</a>
        <a class="toolbar-button primary" href="dashboard/new" onClick={(e) => { e.preventDefault(); navigate('/dashboard/new'); }}>New dashboard</a>
      </div>
      <input class="dashboard-search" type="search" placeholder="Search for dashboards" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
      {error && <div class="panel-error" role="alert">{error}</div>}
      {!hits && !error && <div class="loading">Loading…</div>}
      {hits && (
        <ul class="dashboard-hits">
          {shown.map((h) => (
            <li key={h.uid}>
              <a href={h.url.slice(1)} onClick={(e) => { e.preventDefault(); navigate(h.url); }}>{h.title}</a>
              <span class="tags">{h.tags.map((t) => <span class="tag" key={t}>{t}</span>)}</span>
            </li>
          ))}
          {shown.length === 0 && <li class="muted">No dashboards found.</li>}
        </ul>
      )}
    </div>
  );
}
