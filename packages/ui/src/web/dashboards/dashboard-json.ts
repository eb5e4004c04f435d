// A dashboard's JSON in and out of Logi as Grafana moves it: the file "Export" gives (as it is, or for another
// instance: data sources as `${DS_LOKI}` and `${DS_PROMETHEUS}` with `__inputs` declaring them), and an imported
// file's `__inputs` filled in (Loki data sources map to Logi's own, Prometheus ones to a provisioned Prometheus).
import type { Dashboard } from './model.js';

/** Logi's data source as dashboards name it: Loki type, uid 'loki' (the shipped board's). */
export const LOGI_DATASOURCE = { type: 'loki', uid: 'loki' };

export interface ImportInput { name: string; label?: string; type: string; pluginId?: string; pluginName?: string; value?: string }

/**
 * The dashboard in pasted or uploaded text: a dashboard JSON object, or the {dashboard, meta} answer of
 * GET /api/dashboards/uid/<uid>. Anything else is refused with Grafana's words.
 */
export function parseDashboardJson(text: string): Dashboard & { __inputs?: ImportInput[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`Not valid JSON: ${(e as Error).message}`);
  }
  const object = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!object(parsed)) throw new Error('Not valid JSON: a dashboard is a JSON object');
  const d = object(parsed.dashboard) && object(parsed.meta) ? parsed.dashboard : parsed;
  if (!Array.isArray(d.panels) && !Array.isArray(d.rows) && typeof d.title !== 'string') {
    throw new Error('Not a dashboard: it has neither "title" nor "panels"');
  }
  if (Array.isArray(d.rows) && !Array.isArray(d.panels)) throw new Error('This dashboard is in the schema before Grafana 5 ("rows"); open and save it in a current Grafana first');
  return d as unknown as Dashboard & { __inputs?: ImportInput[] };
}

/** Every string of `value` with `${NAME}` replaced by its input's value. */
function fill(value: unknown, inputs: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\$\{(\w+)\}/g, (whole, name: string) => inputs.get(name) ?? whole);
  if (Array.isArray(value)) return value.map((v) => fill(v, inputs));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, inputs)]));
  return value;
}

/**
 * The dashboard to save from an import: `__inputs` filled in (data sources as the uids chosen, else Logi's; constants
 * as given) and dropped with `__elements` and `__requires`, as Grafana's import does; a new id, and the title and uid
 * chosen.
 */
export function resolveImport(
  d: Dashboard & { __inputs?: ImportInput[] }, chosen: { title: string; uid: string; constants: Record<string, string>; sources?: Record<string, string> },
): Dashboard {
  const values = new Map((d.__inputs ?? []).map((i) => [i.name, i.type === 'datasource' ? chosen.sources?.[i.name] ?? LOGI_DATASOURCE.uid : chosen.constants[i.name] ?? i.value ?? '']));
  const { __inputs: _i, __elements: _e, __requires: _r, ...rest } = fill(d, values) as Dashboard & Record<string, unknown>;
  return { ...rest, id: null, title: chosen.title, uid: chosen.uid } as Dashboard;
}

/** Every `datasource` reference in the panels, targets and variables set to `${DS_PROMETHEUS}` or `${DS_LOKI}`. */
function externalSources(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(externalSources);
  if (typeof value !== 'object' || value === null) return value;
  const input = (ref: { type?: string }): unknown => (ref.type === 'prometheus' ? { type: 'prometheus', uid: '${DS_PROMETHEUS}' } : { type: 'loki', uid: '${DS_LOKI}' });
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'datasource' && typeof v === 'object' && v !== null && (v as { type?: string }).type !== 'grafana' ? input(v) : externalSources(v)]));
}

/** Grafana's "Export for sharing externally": data sources as inputs to fill in at import, no instance's id. */
export function externalExport(d: Dashboard): Record<string, unknown> {
  const shared = externalSources(d) as Dashboard;
  const prometheus = JSON.stringify(shared).includes('${DS_PROMETHEUS}');
  return {
    __inputs: [
      { name: 'DS_LOKI', label: 'Loki', description: '', type: 'datasource', pluginId: 'loki', pluginName: 'Loki' },
      ...(prometheus ? [{ name: 'DS_PROMETHEUS', label: 'Prometheus', description: '', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' }] : []),
    ],
    __elements: {},
    __requires: [
      { type: 'datasource', id: 'loki', name: 'Loki', version: '1.0.0' },
      ...(prometheus ? [{ type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' }] : []),
    ],
    ...shared,
    id: null,
  };
}

/** The browser saves `json` as `<title>-<time>.json`, as Grafana names its exports. */
export function download(title: string, json: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${title}-${Date.now()}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000); // the download reads it after click() returns
}
