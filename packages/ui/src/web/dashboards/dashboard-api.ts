// Grafana's dashboard HTTP API, as Logi serves it: one dashboard by uid, the search the list page shows, saving and
// deleting; and the library panels dashboards name.
import type { Dashboard, SearchHit } from './model.js';

/** A refusal of the API: Grafana's message and, when it has one, its status code ('version-mismatch', …). */
export class ApiError extends Error {
  constructor(readonly httpStatus: number, message: string, readonly status?: string) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  // relative to <base href>: below server.http_path_prefix too
  const res = await fetch(path, init);
  const body = await res.text();
  if (!res.ok) {
    let refusal: { message?: string; status?: string } = {};
    try { refusal = JSON.parse(body) as typeof refusal; } catch { /* a plain-text answer */ }
    throw new ApiError(res.status, refusal.message ?? (body.trim() || `${res.status} ${res.statusText}`), refusal.status);
  }
  return JSON.parse(body) as T;
}

export interface DashboardMeta { url: string; provisioned?: boolean; canSave?: boolean }

type Fetched = Promise<{ dashboard: Dashboard; meta: DashboardMeta }>;

const prefetched = new Map<string, Fetched>();

/** The dashboard and the path Grafana gives it (/d/<uid>/<slug>). */
export function fetchDashboard(uid: string): Fetched {
  const early = prefetched.get(uid);
  prefetched.delete(uid);
  return early ?? call(`api/dashboards/uid/${encodeURIComponent(uid)}`);
}

/** Starts fetching the dashboard the page opens on, before the page is drawn; its first fetchDashboard takes the answer. */
export function prefetchDashboard(uid: string): void {
  const fetched = fetchDashboard(uid);
  fetched.catch(() => undefined); // a failure is shown by the page, which takes the same promise
  prefetched.set(uid, fetched);
}

export function searchDashboards(): Promise<SearchHit[]> {
  return call('api/search?type=dash-db');
}

export interface Saved { id: number; uid: string; url: string; version: number }

/** POST /api/dashboards/db; a stale version or a taken uid is refused with 412 unless `overwrite`. */
export function saveDashboard(dashboard: Dashboard, overwrite: boolean): Promise<Saved> {
  return call('api/dashboards/db', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ dashboard, overwrite, folderUid: '' }),
  });
}

/** DELETE /api/dashboards/uid/<uid>; a provisioned dashboard is refused with Grafana's message. */
export function deleteDashboard(uid: string): Promise<{ message: string }> {
  return call(`api/dashboards/uid/${encodeURIComponent(uid)}`, { method: 'DELETE' });
}

/** A library element as GET /api/library-elements/<uid> gives it: the panel's JSON in `model`. */
export interface LibraryElement { uid: string; name: string; model: Record<string, unknown> }

export async function fetchLibraryElement(uid: string, signal: AbortSignal): Promise<LibraryElement> {
  return (await call<{ result: LibraryElement }>(`api/library-elements/${encodeURIComponent(uid)}`, { signal })).result;
}
