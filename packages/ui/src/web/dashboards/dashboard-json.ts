// A dashboard's JSON in and out of Logi as Grafana moves it: the file "Export" gives (as it is, or for another
// instance: data sources as `${DS_LOKI}` and `${DS_PROMETHEUS}` with `__inputs` declaring them), and an imported
// file's `__inputs` filled in (Loki data sources map to Logi's own, Prometheus ones to a provisioned Prometheus).
import type { LibraryElement } from './dashboard-api.js';
import type { Dashboard, Panel } from './model.js';

/** Logi's data source as dashboards name it: Loki type, uid 'loki' (the shipped board's). */
export const LOGI_DATASOURCE = { type: 'loki', uid: 'loki' };

export interface ImportInput { name: string; label?: string; type: string; pluginId?: string; pluginName?: string; value?: string }

/** A dashboard as an export file holds it: with the inputs to fill in and the library panels it carries. */
export type Imported = Dashboard & { __inputs?: ImportInput[]; __elements?: Record<string, unknown> };

/**
 * The dashboard in pasted or uploaded text: a dashboard JSON object, or the {dashboard, meta} answer of
 * GET /api/dashboards/uid/<uid>. Anything else is refused with Grafana's words.
 */
export function parseDashboardJson(text: string): Imported {
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
  return d as unknown as Imported;
}

/** Every string of `value` with `${NAME}` replaced by its input's value. */
function fill(value: unknown, inputs: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\$\{(\w+)\}/g, (whole, name: string) => inputs.get(name) ?? whole);
  if (Array.isArray(value)) return value.map((v) => fill(v, inputs));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, inputs)]));
  return value;
}

export interface ImportChoices { title: string; uid: string; constants: Record<string, string>; sources?: Record<string, string> }

/** Each input's value: data sources as the uids chosen, else Logi's; constants as given. */
const inputValues = (d: Imported, chosen: ImportChoices): Map<string, string> =>
  new Map((d.__inputs ?? []).map((i) => [i.name, i.type === 'datasource' ? chosen.sources?.[i.name] ?? LOGI_DATASOURCE.uid : chosen.constants[i.name] ?? i.value ?? '']));

/**
 * The dashboard to save from an import: `__inputs` filled in and dropped with `__elements` (see importedElements)
 * and `__requires`, as Grafana's import does; a new id, and the title and uid chosen.
 */
export function resolveImport(d: Imported, chosen: ImportChoices): Dashboard {
  const { __inputs: _i, __elements: _e, __requires: _r, ...rest } = fill(d, inputValues(d, chosen)) as Dashboard & Record<string, unknown>;
  return { ...rest, id: null, title: chosen.title, uid: chosen.uid } as Dashboard;
}

/** A library panel as an export carries it in `__elements`, by uid (Grafana's kind 1 is a panel). */
export interface ExportedElement { name: string; uid: string; kind: number; model: Record<string, unknown> }

/** The library panels an export brings in `__elements`, its inputs filled in: an import creates those missing here. */
export function importedElements(d: Imported, chosen: ImportChoices): ExportedElement[] {
  const elements = fill(d.__elements ?? {}, inputValues(d, chosen)) as Record<string, Partial<ExportedElement> | null>;
  return Object.entries(elements).flatMap(([uid, e]) => (e && e.kind === 1 && typeof e.model === 'object' && e.model !== null
    ? [{ uid: typeof e.uid === 'string' && e.uid ? e.uid : uid, name: typeof e.name === 'string' && e.name ? e.name : uid, kind: 1, model: e.model }]
    : []));
}

/** The uids of the library panels a dashboard's panels name, a collapsed row's included, once each. */
export function libraryPanelUids(panels: readonly Panel[] | undefined): string[] {
  const uids = new Set<string>();
  const walk = (panels: readonly Panel[] | undefined): void => {
    for (const p of panels ?? []) {
      if (p.libraryPanel?.uid) uids.add(p.libraryPanel.uid);
      walk(p.panels);
    }
  };
  walk(panels);
  return [...uids];
}

/** Every `datasource` reference in the panels, targets and variables set to `${DS_PROMETHEUS}` or `${DS_LOKI}`. */
function externalSources(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(externalSources);
  if (typeof value !== 'object' || value === null) return value;
  const input = (ref: { type?: string }): unknown => (ref.type === 'prometheus' ? { type: 'prometheus', uid: '${DS_PROMETHEUS}' } : { type: 'loki', uid: '${DS_LOKI}' });
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'datasource' && typeof v === 'object' && v !== null && (v as { type?: string }).type !== 'grafana' ? input(v) : externalSources(v)]));
}

/**
 * Grafana's "Export for sharing externally": data sources as inputs to fill in at import, no instance's id, and the
 * library panels it names (`elements`, read by the caller) carried in `__elements` with their models.
 */
export function externalExport(d: Dashboard, elements: readonly LibraryElement[] = []): Record<string, unknown> {
  const shared = externalSources(d) as Dashboard;
  const carried: Record<string, ExportedElement> = Object.fromEntries(elements.map((e) => [e.uid, { name: e.name, uid: e.uid, kind: 1, model: externalSources(e.model) as Record<string, unknown> }]));
  const prometheus = JSON.stringify([shared, carried]).includes('${DS_PROMETHEUS}');
  return {
    __inputs: [
      { name: 'DS_LOKI', label: 'Loki', description: '', type: 'datasource', pluginId: 'loki', pluginName: 'Loki' },
      ...(prometheus ? [{ name: 'DS_PROMETHEUS', label: 'Prometheus', description: '', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' }] : []),
    ],
    __elements: carried,
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
