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

const jsonInit = (method: string, body: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export interface DashboardMeta { url: string; provisioned?: boolean; canSave?: boolean }

/** GET api/dashboards/uid/<uid>'s answer. */
export interface DashboardAnswer { dashboard: Dashboard; meta: DashboardMeta }

type Fetched = Promise<DashboardAnswer>;

const prefetched = new Map<string, Fetched>();

/** The id of the element holding the board the server wrote into the page it sent for /d/<uid>/… */
const EMBEDDED_ID = 'logi-dashboard';
/** null until read; then the board the page came with, undefined once taken or when it came with none */
let embedded: DashboardAnswer | undefined | null = null;

function embeddedAnswer(): DashboardAnswer | undefined {
  if (embedded === null) {
    const element = document.getElementById(EMBEDDED_ID);
    element?.remove();
    try {
      embedded = element?.textContent ? JSON.parse(element.textContent) as DashboardAnswer : undefined;
    } catch {
      embedded = undefined; // the page asks the API instead
    }
  }
  return embedded;
}

/**
 * The board the page was sent with, if it is `uid`'s. Taken by the first board the page opens, whichever it is:
 * later visits ask the API, which has the saves made since.
 */
export function takeEmbeddedDashboard(uid: string): DashboardAnswer | undefined {
  const answer = embeddedAnswer();
  embedded = undefined;
  return answer?.dashboard.uid === uid ? answer : undefined;
}

/** The dashboard and the path Grafana gives it (/d/<uid>/<slug>). */
export function fetchDashboard(uid: string): Fetched {
  const early = prefetched.get(uid);
  prefetched.delete(uid);
  return early ?? call(`api/dashboards/uid/${encodeURIComponent(uid)}`);
}

/** Starts fetching the dashboard the page opens on, before the page is drawn; its first fetchDashboard takes the answer. */
export function prefetchDashboard(uid: string): void {
  if (embeddedAnswer()?.dashboard.uid === uid) return; // within the page already
  const fetched = fetchDashboard(uid);
  fetched.catch(() => undefined); // a failure is shown by the page, which takes the same promise
  prefetched.set(uid, fetched);
}

/** The dashboards, or those having every tag in `tags`. */
export function searchDashboards(tags: readonly string[] = [], signal?: AbortSignal): Promise<SearchHit[]> {
  const q = new URLSearchParams({ type: 'dash-db' });
  for (const t of tags) q.append('tag', t);
  return call(`api/search?${q}`, { signal });
}

export interface Saved { id: number; uid: string; url: string; version: number }

/** POST /api/dashboards/db; a stale version or a taken uid is refused with 412 unless `overwrite`. */
export function saveDashboard(dashboard: Dashboard, overwrite: boolean): Promise<Saved> {
  return call('api/dashboards/db', jsonInit('POST', { dashboard, overwrite, folderUid: '' }));
}

/** DELETE /api/dashboards/uid/<uid>; a provisioned dashboard is refused with Grafana's message. */
export function deleteDashboard(uid: string): Promise<{ message: string }> {
  return call(`api/dashboards/uid/${encodeURIComponent(uid)}`, { method: 'DELETE' });
}

/** A library element as GET /api/library-elements/<uid> gives it: the panel's JSON in `model`. */
export interface LibraryElement {
  uid: string;
  name: string;
  type?: string;
  description?: string;
  version: number;
  model: Record<string, unknown>;
  meta?: { connectedDashboards?: number };
}

const libraryPath = (uid: string): string => `api/library-elements/${encodeURIComponent(uid)}`;

export async function fetchLibraryElement(uid: string, signal?: AbortSignal): Promise<LibraryElement> {
  return (await call<{ result: LibraryElement }>(libraryPath(uid), { signal })).result;
}

/** The library panels whose name holds `search` (any case), by name, as Grafana's library panel search lists them. */
export async function searchLibraryPanels(search: string, signal?: AbortSignal): Promise<LibraryElement[]> {
  const q = new URLSearchParams({ searchString: search, kind: '1', perPage: '100', page: '1', sortDirection: 'alpha-asc' });
  return (await call<{ result: { elements: LibraryElement[] } }>(`api/library-elements?${q}`, { signal })).result.elements;
}

/** The uids of every library panel, page by page (asking for each uid would log a 404 in the console for each one missing). */
export async function libraryPanelUidsHeld(): Promise<Set<string>> {
  const uids = new Set<string>();
  for (let page = 1; ; page++) {
    const q = new URLSearchParams({ kind: '1', perPage: '500', page: String(page) });
    const { elements, totalCount } = (await call<{ result: { elements: LibraryElement[]; totalCount: number } }>(`api/library-elements?${q}`)).result;
    for (const e of elements) uids.add(e.uid);
    if (elements.length === 0 || uids.size >= totalCount) return uids;
  }
}

/** A new library panel; Logi picks its uid unless one is given (an imported export's). */
export async function createLibraryPanel(name: string, model: Record<string, unknown>, uid?: string): Promise<LibraryElement> {
  return (await call<{ result: LibraryElement }>('api/library-elements', jsonInit('POST', { name, model, kind: 1, folderUid: '', ...(uid ? { uid } : {}) }))).result;
}

/** PATCH with the version read: someone else's save in between is refused (412). */
export async function updateLibraryPanel(e: Pick<LibraryElement, 'uid' | 'name' | 'model' | 'version'>): Promise<LibraryElement> {
  return (await call<{ result: LibraryElement }>(libraryPath(e.uid), jsonInit('PATCH', { name: e.name, model: e.model, version: e.version, kind: 1 }))).result;
}

/** DELETE; one a dashboard names is refused (403 "the library element has connections"). */
export function deleteLibraryElement(uid: string): Promise<{ message: string }> {
  return call(libraryPath(uid), { method: 'DELETE' });
}
