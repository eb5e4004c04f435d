// Grafana's library elements HTTP API over the library panels Logi holds: the list (searchString, perPage, page,
// sortDirection), one by uid, create, update, delete and the dashboards connected to one (those naming it in a
// panel), answering in Grafana's {result: …} shapes and with its messages.
import { readBody } from '../api/body.js';
import { json, type Handler } from '../app/http.js';
import type { Route } from '../app/routes.js';
import type { CreateRequest, LibraryElement, LibraryElementStore } from './library-store.js';
import { refusal } from './api.js';
import type { DashboardStore, StoredDashboard } from './store.js';

const ADMIN = { id: 1, name: 'admin', avatarUrl: '' };

/** The dashboards that name library panel `uid` in a panel (a collapsed row's too). */
function connectedTo(dashboards: DashboardStore, uid: string): StoredDashboard[] {
  const names = (panels: unknown): boolean => Array.isArray(panels) &&
    panels.some((p: { libraryPanel?: { uid?: unknown }; panels?: unknown } | null) => p?.libraryPanel?.uid === uid || names(p?.panels));
  return dashboards.all().filter((d) => names(d.dashboard.panels));
}

/** An element as Grafana's API gives it (LibraryElementDTO). */
function dto(e: LibraryElement, connected: number): Record<string, unknown> {
  return {
    id: e.id, orgId: 1, folderId: 0, folderUid: e.folderUid, uid: e.uid, name: e.name, kind: e.kind,
    type: String(e.model.type ?? ''), description: String(e.model.description ?? ''), model: e.model, version: e.version,
    meta: { folderName: 'General', folderUid: e.folderUid, connectedDashboards: connected, created: e.created, updated: e.updated, createdBy: ADMIN, updatedBy: ADMIN },
  };
}

/** A request's JSON object body, or undefined when it is none. */
async function bodyOf(req: Parameters<Handler>[0]['req']): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = JSON.parse((await readBody(req)).toString('utf8'));
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? body as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

const BAD_REQUEST = { message: 'bad request data' };

function listHandler(store: LibraryElementStore, dashboards: DashboardStore): Handler {
  return async (ctx) => {
    const q = ctx.url.searchParams;
    const words = (q.get('searchString') ?? '').toLowerCase();
    const kind = q.get('kind');
    const perPage = Math.max(1, Number(q.get('perPage')) || 100);
    const page = Math.max(1, Number(q.get('page')) || 1);
    const found = store.all()
      .filter((e) => e.name.toLowerCase().includes(words) && (!kind || String(e.kind) === kind))
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) * (q.get('sortDirection') === 'alpha-desc' ? -1 : 1));
    return json({ result: { totalCount: found.length, elements: found.slice((page - 1) * perPage, page * perPage).map((e) => dto(e, connectedTo(dashboards, e.uid).length)), page, perPage } });
  };
}

function createHandler(store: LibraryElementStore): Handler {
  return async (ctx) => {
    const body = await bodyOf(ctx.req);
    if (!body) return json(BAD_REQUEST, 400);
    try {
      return json({ result: dto(await store.create(body as CreateRequest), 0) });
    } catch (e) {
      return refusal(e);
    }
  };
}

/** GET, PATCH and DELETE of one element. */
function elementHandler(store: LibraryElementStore, dashboards: DashboardStore): Handler {
  return async (ctx) => {
    const uid = ctx.pathParams[0]!;
    const connected = connectedTo(dashboards, uid);
    try {
      if (ctx.req.method === 'DELETE') {
        const e = await store.delete(uid, connected.length > 0);
        return json({ id: e.id, message: 'Library element deleted' });
      }
      if (ctx.req.method === 'PATCH') {
        const body = await bodyOf(ctx.req);
        if (!body) return json(BAD_REQUEST, 400);
        return json({ result: dto(await store.update(uid, body), connected.length) });
      }
      const e = store.get(uid);
      return e ? json({ result: dto(e, connected.length) }) : json({ message: 'library element could not be found' }, 404);
    } catch (e) {
      return refusal(e);
    }
  };
}

/** The dashboards naming the element, as Grafana lists an element's connections. */
function connectionsHandler(store: LibraryElementStore, dashboards: DashboardStore): Handler {
  return async (ctx) => {
    const e = store.get(ctx.pathParams[0]!);
    if (!e) return json({ message: 'library element could not be found' }, 404);
    return json({
      result: connectedTo(dashboards, e.uid).map((d) => ({ id: d.id, kind: 1, elementId: e.id, connectionId: d.id, connectionUid: d.uid, created: d.updated, createdBy: ADMIN })),
    });
  };
}

export function libraryElementRoutes(store: LibraryElementStore, dashboards: DashboardStore): Route[] {
  const [list, create] = [listHandler(store, dashboards), createHandler(store)];
  // one route per path: the router answers 405 for a method its first match does not list
  return [
    { methods: ['GET', 'POST'], path: '/api/library-elements', handler: (ctx) => (ctx.req.method === 'POST' ? create(ctx) : list(ctx)) },
    { methods: ['GET', 'PATCH', 'DELETE'], path: '/api/library-elements/:uid', handler: elementHandler(store, dashboards) },
    { methods: ['GET'], path: '/api/library-elements/:uid/connections', handler: connectionsHandler(store, dashboards) },
  ];
}
