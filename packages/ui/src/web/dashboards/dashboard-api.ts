// Grafana's dashboard HTTP API, as Logi serves it: one dashboard by uid, and the search the list page shows.
import type { Dashboard, SearchHit } from './model.js';

async function getJson<T>(path: string): Promise<T> {
  // relative to <base href>: below server.http_path_prefix too
  const res = await fetch(path);
  const body = await res.text();
  if (!res.ok) {
    let message = body.trim();
    try { message = (JSON.parse(body) as { message?: string }).message ?? message; } catch { /* a plain-text answer */ }
    throw new Error(message || `${res.status} ${res.statusText}`);
  }
  return JSON.parse(body) as T;
}

/** The dashboard and the path Grafana gives it (/d/<uid>/<slug>). */
export function fetchDashboard(uid: string): Promise<{ dashboard: Dashboard; meta: { url: string } }> {
  return getJson(`api/dashboards/uid/${encodeURIComponent(uid)}`);
}

export function searchDashboards(): Promise<SearchHit[]> {
  return getJson('api/search?type=dash-db');
}
