// What of a panel Logi does not draw, so the panel can say so instead of looking complete: a whole panel (a type,
// a data source other than Loki or Prometheus) or options that change its look (named in its title bar).
import type { Panel } from './model.js';
import { PANEL_TYPES, VALUE_PANEL_TYPES } from './panel-types.js';

/** Grafana's old 'graph' panel opens as a time series, as Grafana migrates it. */
const DRAWN = new Set([...PANEL_TYPES, 'graph']);

/** Why the panel is not drawn at all, or undefined when it is. */
export function notDrawnReason(panel: Panel): string | undefined {
  if (!DRAWN.has(panel.type)) return `Logi does not draw panels of type “${panel.type}” yet.`;
  const source = (panel as { datasource?: { type?: string } | string | null }).datasource;
  const type = typeof source === 'object' && source !== null ? source.type : undefined;
  // 'datasource' is Grafana's mixed and dashboard sources, whose targets Logi runs against its Loki
  if (type && !['loki', 'prometheus', 'datasource'].includes(type) && panel.type !== 'text') return `Logi queries Loki and Prometheus only; this panel's data source is “${type}”.`;
  return undefined;
}

/** The options the panel sets that Logi does not draw. */
export function ignoredOptions(panel: Panel): string[] {
  const defaults = panel.fieldConfig?.defaults as Record<string, any> | undefined;
  const o = (panel.options ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  // value mappings are drawn where values are shown one by one, not on graphs
  if (Array.isArray(defaults?.mappings) && defaults.mappings.length > 0 && !VALUE_PANEL_TYPES.has(panel.type) && panel.type !== 'table') out.push('value mappings');
  if (defaults?.custom?.thresholdsStyle?.mode && defaults.custom.thresholdsStyle.mode !== 'off') out.push('threshold lines');
  if (panel.type === 'bargauge' && o.displayMode === 'lcd') out.push('LCD cells');
  // a table applies reduce and organize (and names the rest); a panel of single values takes reduce's calculation
  const applied = panel.type === 'table' ? () => true : (id: string) => id === 'reduce' && VALUE_PANEL_TYPES.has(panel.type);
  if ((panel.transformations ?? []).some((t) => !t.disabled && !applied(t.id))) out.push('transformations');
  return out;
}
