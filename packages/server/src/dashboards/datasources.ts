// Grafana's data sources as Logi's dashboards see them: Logi itself (its Loki API, uid `loki`) and the Prometheus
// servers provisioned in Grafana's datasources YAML (`apiVersion: 1`, `datasources: [{name, type, uid, url}]`),
// which panels query through Grafana's proxy path, so the browser never needs to reach them and only their query
// API is open through Logi.
import { json, type Handler, type Reply } from '../app/http.js';
import { ConfigError } from '../app/config.js';
import type { Route } from '../app/routes.js';
import { readProvisioningFiles } from './provisioning.js';

export interface DataSource { uid: string; name: string; type: string; url: string; isDefault: boolean }

/** Logi's own Loki API, as Grafana would list a Loki data source pointing at it. */
export const LOGI_DATASOURCE: DataSource = { uid: 'loki', name: 'Logi', type: 'loki', url: '', isDefault: true };

interface ProvisionedSource { name?: string; type?: string; uid?: string; url?: string; isDefault?: boolean }

/** The Prometheus data sources of the provisioning files; other types are logged and left out (Logi queries its own Loki). */
export function readDataSources(paths: readonly string[], warn: (line: string) => void = console.warn): DataSource[] {
  const found: DataSource[] = [];
  for (const { path, doc } of paths.flatMap((p) => readProvisioningFiles<{ datasources?: ProvisionedSource[] }>(p, 'datasources'))) {
    for (const d of doc.datasources ?? []) {
      if (d.type !== 'prometheus') {
        warn(`level=warn component=datasources msg="data source not provisioned: Logi queries its own Loki and Prometheus only" path=${path} name=${JSON.stringify(d.name ?? '')} type=${JSON.stringify(d.type ?? '')}`);
        continue;
      }
      if (!d.url || !/^https?:\/\//.test(d.url)) throw new ConfigError(`datasources provisioning ${path}: data source ${JSON.stringify(d.name ?? '')} needs an http(s) url`);
      const uid = d.uid || d.name || '';
      if (uid === '' || uid === LOGI_DATASOURCE.uid || found.some((f) => f.uid === uid)) throw new ConfigError(`datasources provisioning ${path}: data source ${JSON.stringify(d.name ?? '')} needs a uid of its own`);
      found.push({ uid, name: d.name ?? uid, type: 'prometheus', url: d.url.replace(/\/+$/, ''), isDefault: false });
    }
  }
  return found;
}

const listed = (d: DataSource, id: number): Record<string, unknown> => ({ id, uid: d.uid, name: d.name, type: d.type, url: d.url, access: 'proxy', isDefault: d.isDefault, readOnly: true });

/** The Prometheus query API paths a panel may reach through the proxy. */
const PROXIED = ['api/v1/query', 'api/v1/query_range', 'api/v1/labels', 'api/v1/series', 'api/v1/label/:name/values'];

function proxyHandler(sources: ReadonlyMap<string, DataSource>, timeoutMs: number): Handler {
  return async (ctx): Promise<Reply> => {
    const source = sources.get(ctx.pathParams[0]!);
    if (!source) return json({ message: 'Unable to find datasource' }, 404);
    // the path after the uid, still %-encoded as it came: one of PROXIED, so nothing else of the server is reachable
    const path = ctx.url.pathname.slice(ctx.url.pathname.indexOf('/api/v1/', '/api/datasources/proxy/uid/'.length));
    const target = `${source.url}${path}?${(await ctx.params()).toSearchParams()}`;
    try {
      const res = await fetch(target, { signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]) });
      return { status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body: Buffer.from(await res.arrayBuffer()) };
    } catch (e) {
      // Grafana's proxy answers 502 when the data source cannot be reached
      return json({ message: `data source ${source.name} (${source.url}) did not answer: ${(e as Error).message}` }, 502);
    }
  };
}

/** Grafana's `/api/datasources` listing and `/api/datasources/proxy/uid/<uid>/…` for the provisioned Prometheus servers. */
export function dataSourceRoutes(provisioned: readonly DataSource[], timeoutMs: number): Route[] {
  const all = [LOGI_DATASOURCE, ...provisioned];
  const byUid = new Map(provisioned.map((d) => [d.uid, d]));
  const proxy = proxyHandler(byUid, timeoutMs);
  return [
    { methods: ['GET'], path: '/api/datasources', handler: async () => json(all.map((d, i) => listed(d, i + 1))) },
    ...PROXIED.map((p) => ({ methods: ['GET', 'POST'], path: `/api/datasources/proxy/uid/:uid/${p}`, handler: proxy })),
  ];
}
