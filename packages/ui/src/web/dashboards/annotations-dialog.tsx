// Grafana's dashboard settings > Annotations: the dashboard's annotation queries in order, each with its name, data
// source (Loki or Prometheus), switches (enabled, hidden), colour, query and the fields of Grafana's annotation editor
// for that source (title, tags, text; Prometheus's min step and "Series value as timestamp") and "Show in" (the panels
// drawing its markers); added, removed, applied at once. Grafana's built-in "Annotations & Alerts" keeps its source.
import { useMemo } from 'preact/hooks';
import { choosablePanels, PanelFilterField } from './annotation-panel-filter.js';
import { ANNOTATION_COLOR, ANNOTATION_SOURCE_TYPES, isGrafanaBuiltIn, isPrometheusEntry } from './annotations.js';
import { DataSourcePicker, LOKI } from './datasource-picker.js';
import { Field } from './editor-fields.js';
import { ListDialog, type EntryEdit } from './list-dialog.js';
import type { AnnotationQuery, Panel } from './model.js';

/** `panels`: the dashboard's, a collapsed row's included (what "Show in" chooses from) */
interface Props { annotations: AnnotationQuery[]; panels: readonly Panel[]; onApply(list: AnnotationQuery[]): void; onClose(): void }

/** Grafana's new annotation query, on Logi's Loki. */
const NEW_ANNOTATION: AnnotationQuery = { name: 'New annotation', enable: true, iconColor: 'red', datasource: LOKI, expr: '' };

/** Names must be given and unique: the switches above the panels go by them. */
function nameProblem(list: readonly AnnotationQuery[], i: number): string | undefined {
  const name = list[i]!.name.trim();
  if (name === '') return 'A name is required';
  if (list.some((a, j) => j < i && a.name.trim() === name)) return 'Annotation with the same name already exists';
  return undefined;
}

/** The query text, written where Grafana 10+'s editor keeps it too when the entry has a target. */
const withExpr = (a: AnnotationQuery, expr: string): AnnotationQuery => ({ ...a, expr, ...(a.target ? { target: { ...a.target, expr } } : {}) });

/** A Prometheus entry's min step, written where Grafana 11 keeps it too (target.interval) when the entry has a target. */
function withStep(a: AnnotationQuery, step: string): AnnotationQuery {
  const { step: _old, ...rest } = a;
  const target = a.target ? { target: { ...a.target, interval: step || undefined } } : {};
  return step ? { ...rest, step, ...target } : { ...rest, ...target };
}

function AnnotationForm({ a, edit, panels }: { a: AnnotationQuery; edit: EntryEdit<AnnotationQuery>; panels: ReturnType<typeof choosablePanels> }) {
  const { change: onChange, remove: onRemove, problem } = edit;
  const builtIn = isGrafanaBuiltIn(a);
  const prometheus = isPrometheusEntry(a);
  const text = (key: 'titleFormat' | 'tagKeys' | 'textFormat', label: string, placeholder: string) => (
    <Field label={label}><input name={`annotation-${key}`} value={a[key] ?? ''} placeholder={placeholder} spellcheck={false}
      onChange={(e) => onChange({ ...a, [key]: e.currentTarget.value || undefined })} /></Field>
  );
  return (
    <fieldset class="variable-form" data-annotation={a.name}>
      <div class="variable-form-row">
        <Field label="Name"><input name="annotation-name" value={a.name} onInput={(e) => onChange({ ...a, name: e.currentTarget.value })} /></Field>
        <Field label="Data source">
          {builtIn ? <span class="muted">-- Grafana -- (Grafana's own store; Logi skips it)</span>
            : <DataSourcePicker name="annotation-datasource" value={a.datasource} types={ANNOTATION_SOURCE_TYPES} onChange={(datasource) => onChange({ ...a, datasource })} />}
        </Field>
        <Field label="Color">
          <span class="annotation-color-field">
            <span class="annotation-swatch" style={{ background: a.iconColor ?? ANNOTATION_COLOR }} />
            <input name="annotation-iconColor" value={a.iconColor ?? ''} placeholder={ANNOTATION_COLOR} onChange={(e) => onChange({ ...a, iconColor: e.currentTarget.value || undefined })} />
          </span>
        </Field>
        <label class="inline"><input type="checkbox" name="annotation-enable" checked={a.enable !== false} onChange={(e) => onChange({ ...a, enable: e.currentTarget.checked })} /> Enabled</label>
        <label class="inline"><input type="checkbox" name="annotation-hide" checked={a.hide === true} onChange={(e) => onChange({ ...a, hide: e.currentTarget.checked || undefined })} /> Hidden</label>
        <span class="spacer" />
        <button class="toolbar-button danger" aria-label={`Remove annotation ${a.name}`} onClick={onRemove}>Remove</button>
      </div>
      {problem && <div class="panel-error" role="alert">{problem}</div>}
      {!builtIn && (
        <>
          <Field label={prometheus ? 'Query (PromQL; each run of a series above 0 is a region)' : 'Query (a Loki log query; each line found is a marker)'}>
            <textarea name="annotation-expr" rows={2} spellcheck={false} value={a.expr ?? a.target?.expr ?? ''} placeholder={prometheus ? 'changes(process_start_time_seconds[1m]) > 0' : '{app="deploys"}'}
              onChange={(e) => onChange(withExpr(a, e.currentTarget.value))} />
          </Field>
          <div class="variable-form-row">
            {text('titleFormat', 'Title', prometheus ? '{{instance}} restarted' : '{{service}} deployed')}
            {text('tagKeys', 'Tags (label names, comma-separated)', prometheus ? 'no tags' : 'every label')}
            {text('textFormat', 'Text', prometheus ? '{{job}}' : 'the line')}
            {prometheus && (
              <>
                <Field label="Min step"><input name="annotation-step" value={a.step ?? a.target?.interval ?? ''} placeholder="15s" spellcheck={false} onChange={(e) => onChange(withStep(a, e.currentTarget.value.trim()))} /></Field>
                <label class="inline"><input type="checkbox" name="annotation-useValueForTime" checked={a.useValueForTime === true}
                  onChange={(e) => onChange({ ...a, useValueForTime: e.currentTarget.checked || undefined })} /> Series value as timestamp</label>
              </>
            )}
          </div>
          <PanelFilterField a={a} panels={panels} onChange={onChange} />
        </>
      )}
    </fieldset>
  );
}

export function AnnotationsDialog({ annotations, panels, onApply, onClose }: Props) {
  const choosable = useMemo(() => choosablePanels(panels), [panels]);
  return (
    <ListDialog title="Annotations" entries={annotations} addLabel="+ New query" problemOf={nameProblem} onApply={onApply} onClose={onClose}
      empty="No annotation queries. An annotation query marks the lines a Loki query finds, or the spans a Prometheus series is above 0, on the time series panels."
      created={(list) => {
        let name = NEW_ANNOTATION.name;
        for (let n = 1; list.some((a) => a.name === name); n++) name = `${NEW_ANNOTATION.name} ${n}`;
        return { ...NEW_ANNOTATION, name };
      }}>
      {(a, edit) => <AnnotationForm a={a} edit={edit} panels={choosable} />}
    </ListDialog>
  );
}
