// A dashboard's annotations on the page: the markers and regions of its enabled Loki and Prometheus entries, loaded
// again when the range, the variables or the switches change; a switch per shown entry above the panels, as
// Grafana's; and a line saying why an entry draws nothing (another data source, no query, a query refused).
import { useEffect, useState } from 'preact/hooks';
import type { ResolvedRange } from '../shell/time-range.js';
import { ANNOTATION_COLOR, isGrafanaBuiltIn, loadAnnotations, unreadReason, type Annotation } from './annotations.js';
import type { AnnotationQuery, Dashboard, VariableOption } from './model.js';
import type { VariableValues } from './variables.js';

export interface AnnotationState {
  /** the entries Logi has: Grafana's built-in one left out */
  entries: AnnotationQuery[];
  annotations: Annotation[];
  notes: string[];
  enabled: ReadonlySet<string>;
  toggle(name: string): void;
}

const NONE: Annotation[] = [];

/** `d` is undefined while the dashboard loads (the page calls its hooks before it knows it). */
export function useAnnotations(d: Dashboard | undefined, range: ResolvedRange, variables: { values: VariableValues; options: ReadonlyMap<string, VariableOption[]> } | undefined): AnnotationState {
  const entries = (d?.annotations?.list ?? []).filter((a) => !isGrafanaBuiltIn(a));
  // the switches flipped on the page, by name: each entry starts as its `enable` says
  const [flipped, setFlipped] = useState<ReadonlySet<string>>(new Set());
  const enabled = new Set(entries.filter((a) => (a.enable !== false) !== flipped.has(a.name)).map((a) => a.name));
  const [loaded, setLoaded] = useState<{ annotations: Annotation[]; notes: string[] }>({ annotations: NONE, notes: [] });
  const key = JSON.stringify(entries);
  useEffect(() => {
    if (!variables) return undefined;
    const abort = new AbortController();
    const notes = entries.flatMap((a) => { const why = unreadReason(a); return why ? [`Annotation “${a.name}” is not drawn: ${why}.`] : []; });
    const run = entries.filter((a) => enabled.has(a.name) && unreadReason(a) === undefined);
    Promise.allSettled(run.map((a) => loadAnnotations(a, variables.values, variables.options, range, abort.signal))).then((answers) => {
      if (abort.signal.aborted) return;
      answers.forEach((r, i) => { if (r.status === 'rejected') notes.push(`Annotation “${run[i]!.name}” failed: ${(r.reason as Error).message}`); });
      const annotations = answers.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
      setLoaded({ annotations: annotations.length > 0 ? annotations : NONE, notes });
    });
    return () => abort.abort();
  }, [key, range, variables?.values, [...enabled].join('\n')]);
  const toggle = (name: string): void => {
    const next = new Set(flipped);
    if (!next.delete(name)) next.add(name);
    setFlipped(next);
  };
  return { entries, ...loaded, enabled, toggle };
}

/** Grafana's annotation switches beside the variables: one per entry not hidden. */
export function AnnotationToggles({ state }: { state: AnnotationState }) {
  const shown = state.entries.filter((a) => !a.hide);
  return (
    <>
      {shown.length > 0 && (
        <div class="annotation-toggles">
          {shown.map((a) => (
            <label key={a.name} class="annotation-toggle">
              <input type="checkbox" checked={state.enabled.has(a.name)} onChange={() => state.toggle(a.name)} />
              <span class="annotation-swatch" style={{ background: a.iconColor || ANNOTATION_COLOR }} /> {a.name}
            </label>
          ))}
        </div>
      )}
      {state.notes.map((n) => <div key={n} class="annotation-note muted" role="status">{n}</div>)}
    </>
  );
}
