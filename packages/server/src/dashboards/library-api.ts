// Grafana's library elements HTTP API over the library panels Logi holds: the list (searchString, perPage, page,
// sortDirection), one by uid, and create, answering in Grafana's {result: …} shapes and with its messages.
import { readBody } from '../api/body.js';
import { json, type Handler, type Reply } from '../app/http.js';
import type { Route } from '../app/routes.js';
import type { LibraryElement, LibraryElementStore } from './library-store.js';
import { DashboardError } from './store.js';

const ADMIN = { id: 1, name: 'admin', avatarUrl: '' };

/** An element as Grafana's API gives it (LibraryElementDTO). */
function dto(e: LibraryElement): Record<string, unknown> {
  return {
    id: e.id, orgId: 1, folderId: 0, folderUid: e.folderUid, uid: e.uid, name: e.name, kind: e.kind,
    type: String(e.model.type ?? ''), description: String(e.model.description ?? ''), model: e.model, version: e.version,
    meta: { folderName: 'General', folderUid: e.folderUid, connectedDashboards: 0, created: e.created, updated: e.updated, createdBy: ADMIN, updatedBy: ADMIN },
  };
}

const notFound = (): Reply => json({ message: 'library element could not be found' }, 404);

function listHandler(store: LibraryElementStore): Handler {
  return async (ctx) => {
    const q = ctx.url.searchParams;
    const words = (q.get('searchString') ?? '').toLowerCase();
    const kind = q.get('kind');
    const perPage = Math.max(1, Number(q.get('perPage')) || 100);
    const page = Math.max(1, Number(q.get('page')) || 1);
    const found = store.all()
      .filter((e) => e.name.toLowerCase().includes(words) && (!kind || String(e.kind) === kind))
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) * (q.get('sortDirection') === 'alpha-desc' ? -1 : 1));
    return json({ result: { totalCount: found.length, elements: found.slice((page - 1) * perPage, page * perPage).map(dto), page, perPage } });
  };
}

function createHandler(store: LibraryElementStore): Handler {
  return async (ctx) => {
    let body: unknown;
    try {
      body = JSON.parse((await readBody(ctx.req)).toString('utf8'));
    } catch {
      return json({ message: 'bad request data' }, 400);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return json({ message: 'bad request data' }, 400);
    try {
      return json({ result: dto(await store.create(body)) });
    } catch (e) {
      if (!(e instanceof DashboardError)) throw e;
      return json({ message: e.message }, e.httpStatus);
    }
  };
}

export function libraryElementRoutes(store: LibraryElementStore): Route[] {
  const [list, create] = [listHandler(store), createHandler(store)];
  return [
    // one route per path: the router answers 405 for a method its first match does not list
    { methods: ['GET', 'POST'], path: '/api/library-elements', handler: (ctx) => (ctx.req.method === 'POST' ? create(ctx) : list(ctx)) },
    { methods: ['GET'], path: '/api/library-elements/:uid', handler: async (ctx) => { const e = store.get(ctx.pathParams[0]!); return e ? json({ result: dto(e) }) : notFound(); } },
  ];
}
