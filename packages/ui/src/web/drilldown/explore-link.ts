// The LogQL of a Drilldown page and of a click from it into Explore: the primary label's selector, narrowed by
// another label's value, a field or a pattern, in the URL Explore reads.
import { quoted } from '../api/logql-string.js';
import type { PrimaryLabel } from './route.js';

export function selectorOf(primary: PrimaryLabel, also?: PrimaryLabel): string {
  const extra = also ? `, ${also.name}=${quoted(also.value)}` : '';
  return `{${primary.name}=${quoted(primary.value)}${extra}}`;
}

/** Lines of the pattern: Loki's pattern match filter, as Drilldown's include filter writes it. */
export const patternExpr = (primary: PrimaryLabel, pattern: string): string => `${selectorOf(primary)} |> ${quoted(pattern)}`;

/** Lines that have the field: its parser first when it comes from the line (not structured metadata). */
export function fieldExpr(primary: PrimaryLabel, field: string, parsers: readonly string[] | null): string {
  const parser = parsers?.[0];
  return `${selectorOf(primary)}${parser ? ` | ${parser}` : ''} | ${field} != ""`;
}
