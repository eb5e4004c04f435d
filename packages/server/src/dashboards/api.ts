// Grafana's dashboard HTTP API over the dashboards Logi holds: get, save, delete by uid and search, answering with
// Grafana's shapes and messages (scripts and Terraform's Grafana provider read them).
import { readBody } from '../api/body.js';
import { json, type Handler, type Reply } from '../app/http.js';
import type { Route } from '../app/routes.js';
import { dashboardUrl, slugify } from './slug.js';
import { DashboardError, type DashboardJson, type DashboardStore, type StoredDashboard } from './store.js';

/** Grafana's answer to a refused request: `{message}`, with `status` when Grafana has a code for it. */
export function refusal(e: unknown): Reply {
  if (!(e instanceof DashboardError)) throw e;
  return json(e.status ? { status: e.status, message: e.message } : { message: e.message }, e.httpStatus);
}

const title = (d: StoredDashboard): string => String(d.dashboard.title ?? '');

function meta(d: StoredDashboard): Record<string, unknown> {
  return {
    type: 'db', canSave: !d.provisioned, canEdit: true, canAdmin: true, canStar: false, canDelete: !d.provisioned,
    slug: slugify(title(d)), url: dashboardUrl(d.uid, title(d)), expires: '0001-01-01T00:00:00Z',
    created: d.created, updated: d.updated, updatedBy: 'admin', createdBy: 'admin', version: d.dashboard.version,
    hasAcl: false, isFolder: false, folderId: 0, folderUid: d.folderUid, folderTitle: 'General', folderUrl: '',
    provisioned: d.provisioned !== undefined, provisionedExternalId: d.provisioned?.externalId ?? '',
  };
}

/** GET /api/dashboards/uid/<uid>'s body, undefined when no dashboard has the uid. */
export function dashboardAnswer(store: DashboardStore, uid: string): { dashboard: DashboardJson; meta: Record<string, unknown> } | undefined {
  const d = store.get(uid);
  return d && { dashboard: d.dashboard, meta: meta(d) };
}

function getHandler(store: DashboardStore): Handler {
  return async (ctx) => {
    const answer = dashboardAnswer(store, ctx.pathParams[0]!);
    return answer ? json(answer) : json({ message: 'Dashboard not found' }, 404);
  };
}

function saveHandler(store: DashboardStore): Handler {
  return async (ctx) => {
    let body: { dashboard?: unknown; overwrite?: unknown; folderUid?: unknown };
    try {
      body = JSON.parse((await readBody(ctx.req)).toString('utf8')) as typeof body;
    } catch {
      return json({ message: 'bad request data' }, 400);
    }
    if (typeof body?.dashboard !== 'object' || body.dashboard === null || Array.isArray(body.dashboard)) {
      return json({ message: 'bad request data' }, 400);
    }
    try {
      const d = await store.save({ dashboard: body.dashboard as DashboardJson, overwrite: body.overwrite === true, folderUid: typeof body.folderUid === 'string' ? body.folderUid : '' });
      return json({ id: d.id, uid: d.uid, url: dashboardUrl(d.uid, title(d)), status: 'success', version: d.dashboard.version, slug: slugify(title(d)) });
    } catch (e) {
      return refusal(e);
    }
  };
}

function deleteHandler(store: DashboardStore): Handler {
  return async (ctx) => {
    try {
      const d = await store.delete(ctx.pathParams[0]!);
      return json({ title: title(d), message: `Dashboard ${title(d)} deleted`, id: d.id, uid: d.uid });
    } catch (e) {
      if (e instanceof DashboardError && e.httpStatus === 404) return json({ message: 'Dashboard not found' }, 404);
      return refusal(e);
    }
  };
}

/** A search hit as Grafana's /api/search gives it for a dashboard in the General folder. */
function hit(d: StoredDashboard): Record<string, unknown> {
  const slug = slugify(title(d));
  return {
    id: d.id, uid: d.uid, orgId: 1, title: title(d), uri: `db/${slug}`, url: dashboardUrl(d.uid, title(d)), slug: '',
    type: 'dash-db', tags: Array.isArray(d.dashboard.tags) ? d.dashboard.tags : [], isStarred: false, sortMeta: 0,
    ...(d.folderUid ? { folderUid: d.folderUid } : {}),
  };
}

/** /api/search: `query` (in the title, any case), `tag` (all given), `dashboardUIDs`, `type`, `limit`; sorted by title. */
function searchHandler(store: DashboardStore): Handler {
  return async (ctx) => {
    const q = ctx.url.searchParams;
    const type = q.get('type');
    if (type && type !== 'dash-db') return json([]); // Logi has no folders
    const words = (q.get('query') ?? '').toLowerCase();
    const tags = q.getAll('tag');
    const uids = q.getAll('dashboardUIDs').flatMap((u) => u.split(',')).filter(Boolean);
    const limit = Number(q.get('limit')) || 1000;
    const found = store.all()
      .filter((d) => title(d).toLowerCase().includes(words))
      .filter((d) => tags.every((t) => (d.dashboard.tags as unknown[] | undefined)?.includes(t)))
      .filter((d) => uids.length === 0 || uids.includes(d.uid))
      .sort((a, b) => title(a).localeCompare(title(b), undefined, { sensitivity: 'base' }));
    return json(found.slice(0, limit).map(hit));
  };
}

export function dashboardRoutes(store: DashboardStore): Route[] {
  const [get, del] = [getHandler(store), deleteHandler(store)];
  // one route per path: the router answers 405 for a method its first match does not list
  const byUid: Handler = (ctx) => (ctx.req.method === 'DELETE' ? del(ctx) : get(ctx));
  return [
    { methods: ['GET', 'DELETE'], path: '/api/dashboards/uid/:uid', handler: byUid },
    { methods: ['POST'], path: '/api/dashboards/db', handler: saveHandler(store) },
    { methods: ['GET'], path: '/api/search', handler: searchHandler(store) },
  ];
}
