// The LogQL a click in Drilldown opens in Explore: the service's selector, narrowed by a label value, a field or a
// pattern, in the URL Explore reads.
import { quoted } from '../api/logql-string.js';
import { defaultState, stateSearch } from '../explore/url-state.js';
import type { DrilldownTime } from './route.js';

export function serviceSelector(service: string, label?: { name: string; value: string }): string {
  const extra = label ? `, ${label.name}=${quoted(label.value)}` : '';
  return `{service_name=${quoted(service)}${extra}}`;
}

/** Lines of the pattern: Loki's pattern match filter, as Drilldown's include filter writes it. */
export const patternExpr = (service: string, pattern: string): string => `${serviceSelector(service)} |> ${quoted(pattern)}`;

/** Lines that have the field: its parser first when it comes from the line (not structured metadata). */
export function fieldExpr(service: string, field: string, parsers: readonly string[] | null): string {
  const parser = parsers?.[0];
  return `${serviceSelector(service)}${parser ? ` | ${parser}` : ''} | ${field} != ""`;
}

export function exploreHref(expr: string, time: DrilldownTime): string {
  return `/explore${stateSearch({ ...defaultState(), queries: [{ refId: 'A', expr }], range: time.range, utc: time.utc })}`;
}
