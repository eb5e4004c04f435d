// Grafana's panel editor, compact: the panel drawn live on the left above its queries, its options on the right
// (title, type, repeat, the standard field options, thresholds, overrides, and the main options of each type),
// transformations below the queries. A query runs when its field is left or on Ctrl/Cmd+Enter; "Back to dashboard" keeps the changes,
// "Discard" drops them.
import { useState } from 'preact/hooks';
import { Field, numberOrUndefined, Select, setIn } from './editor-fields.js';
import type { LokiTarget, Panel as PanelModel, ThresholdStep } from './model.js';
import { OverridesEditor } from './overrides-editor.js';
import { Panel, type PanelProps } from './panel.js';
import { PANEL_TYPES, VALUE_PANEL_TYPES } from './panel-types.js';
import { REDUCERS } from './reducers.js';
import { TransformationsEditor } from './transformations-editor.js';

interface Props extends Pick<PanelProps, 'panel' | 'values' | 'options' | 'range' | 'utc'> {
  onApply(panel: PanelModel): void;
  onDiscard(): void;
  /** the apply button's text ("Save library panel" for a library panel) */
  applyLabel?: string;
  /** said under the toolbar: what applying does, why it failed */
  note?: string;
  problem?: string;
}

const UNITS = ['none', 'short', 'percent', 'percentunit', 'bytes', 'decbytes', 'ms', 's', 'reqps', 'ops'];

/** A query's text, sent to the panel when left or on Ctrl/Cmd+Enter (not at each key). */
function QueryField({ value, onCommit }: { value: string; onCommit(v: string): void }) {
  const [text, setText] = useState(value);
  return (
    <textarea name="expr" rows={3} value={text} spellcheck={false} placeholder='Enter a Loki query, e.g. sum by (level) (count_over_time({app="api"}[$__auto]))'
      onInput={(e) => setText(e.currentTarget.value)} onBlur={() => onCommit(text)}
      onKeyDown={(e) => { if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') onCommit(text); }} />
  );
}

function Queries({ targets, onChange }: { targets: LokiTarget[]; onChange(targets: LokiTarget[]): void }) {
  const set = (i: number, t: LokiTarget): void => onChange(targets.map((x, j) => (j === i ? t : x)));
  const nextRef = (): string => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').find((r) => !targets.some((t) => t.refId === r)) ?? `Q${targets.length}`;
  return (
    <div class="editor-queries">
      {targets.map((t, i) => (
        <div class="editor-query" key={t.refId ?? i} data-ref-id={t.refId}>
          <div class="editor-query-header">
            <strong>{t.refId}</strong>
            <label class="inline">Legend <input name="legendFormat" value={t.legendFormat ?? ''} placeholder="{{label}}" onChange={(e) => set(i, setIn(t, ['legendFormat'], e.currentTarget.value))} /></label>
            <label class="inline">Type <Select name="queryType" value={t.queryType ?? 'range'} choices={[['range', 'Range'], ['instant', 'Instant']]} onChange={(v) => set(i, { ...t, queryType: v })} /></label>
            <label class="inline"><input type="checkbox" checked={t.hide === true} onChange={(e) => set(i, setIn(t, ['hide'], e.currentTarget.checked || undefined))} /> Hide</label>
            <span class="spacer" />
            <button class="toolbar-button" aria-label={`Remove query ${t.refId}`} onClick={() => onChange(targets.filter((_, j) => j !== i))}>Remove</button>
          </div>
          <QueryField value={t.expr ?? ''} onCommit={(expr) => { if (expr !== (t.expr ?? '')) set(i, { ...t, expr }); }} />
        </div>
      ))}
      <button class="toolbar-button" onClick={() => onChange([...targets, { refId: nextRef(), expr: '', queryType: 'range', datasource: { type: 'loki', uid: 'loki' } } as LokiTarget])}>+ Add query</button>
    </div>
  );
}

function Thresholds({ steps, onChange }: { steps: ThresholdStep[]; onChange(steps: ThresholdStep[]): void }) {
  const set = (i: number, s: ThresholdStep): void => onChange(steps.map((x, j) => (j === i ? s : x)));
  return (
    <div class="editor-thresholds">
      {steps.map((s, i) => (
        <div class="threshold-step" key={i}>
          <input name="threshold-color" value={s.color} aria-label="Threshold colour" onChange={(e) => set(i, { ...s, color: e.currentTarget.value })} />
          {s.value === null ? <span class="muted">Base</span> : (
            <input name="threshold-value" type="number" value={s.value} aria-label="Threshold value" onChange={(e) => set(i, { ...s, value: numberOrUndefined(e.currentTarget.value) ?? 0 })} />
          )}
          {s.value !== null && <button class="toolbar-button" aria-label="Remove threshold" onClick={() => onChange(steps.filter((_, j) => j !== i))}>×</button>}
        </div>
      ))}
      <button class="toolbar-button" onClick={() => onChange([...steps, { color: 'red', value: Math.max(0, ...steps.map((s) => s.value ?? 0)) + 10 }])}>+ Add threshold</button>
    </div>
  );
}

/** The options of the panel's type that change what it shows. */
function TypeOptions({ panel, set }: { panel: PanelModel; set(path: string[], value: unknown): void }) {
  const o = (panel.options ?? {}) as Record<string, any>;
  const legend = (
    <>
      <Field label="Legend mode"><Select name="legend.displayMode" value={o.legend?.showLegend === false ? 'hidden' : o.legend?.displayMode ?? 'list'} choices={['list', 'table', 'hidden']}
        onChange={(v) => { set(['options', 'legend', 'displayMode'], v); set(['options', 'legend', 'showLegend'], v !== 'hidden'); }} /></Field>
      <Field label="Legend placement"><Select name="legend.placement" value={o.legend?.placement ?? 'bottom'} choices={['bottom', 'right']} onChange={(v) => set(['options', 'legend', 'placement'], v)} /></Field>
    </>
  );
  const calc = VALUE_PANEL_TYPES.has(panel.type) && (
    <Field label="Calculation"><Select name="reduceOptions.calcs" value={o.reduceOptions?.calcs?.[0] ?? 'lastNotNull'} choices={Object.entries(REDUCERS).map(([id, r]) => [id, r.name])}
      onChange={(v) => set(['options', 'reduceOptions', 'calcs'], [v])} /></Field>
  );
  switch (panel.type) {
    case 'timeseries':
      return (
        <>
          {legend}
          <Field label="Style"><Select name="drawStyle" value={panel.fieldConfig?.defaults?.custom?.drawStyle === 'bars' ? 'bars' : 'line'} choices={[['line', 'Lines'], ['bars', 'Bars']]}
            onChange={(v) => set(['fieldConfig', 'defaults', 'custom', 'drawStyle'], v)} /></Field>
          <Field label="Stack series"><Select name="stacking" value={panel.fieldConfig?.defaults?.custom?.stacking?.mode ?? 'none'} choices={[['none', 'Off'], ['normal', 'Normal']]}
            onChange={(v) => set(['fieldConfig', 'defaults', 'custom', 'stacking'], { group: 'A', mode: v })} /></Field>
          <Field label="Fill opacity"><input name="fillOpacity" type="number" min={0} max={100} value={panel.fieldConfig?.defaults?.custom?.fillOpacity ?? ''}
            onChange={(e) => set(['fieldConfig', 'defaults', 'custom', 'fillOpacity'], numberOrUndefined(e.currentTarget.value))} /></Field>
        </>
      );
    case 'piechart':
      return <>{calc}<Field label="Pie chart type"><Select name="pieType" value={o.pieType ?? 'pie'} choices={['pie', 'donut']} onChange={(v) => set(['options', 'pieType'], v)} /></Field>{legend}</>;
    case 'stat':
      return <>{calc}<Field label="Color mode"><Select name="colorMode" value={o.colorMode ?? 'value'} choices={['value', 'background', 'none']} onChange={(v) => set(['options', 'colorMode'], v)} /></Field></>;
    case 'gauge':
      return <>{calc}<Field label="Show threshold markers"><input type="checkbox" name="showThresholdMarkers" checked={o.showThresholdMarkers !== false} onChange={(e) => set(['options', 'showThresholdMarkers'], e.currentTarget.checked)} /></Field></>;
    case 'bargauge':
      return (
        <>
          {calc}
          <Field label="Display mode"><Select name="displayMode" value={o.displayMode ?? 'gradient'} choices={['gradient', 'lcd', 'basic']} onChange={(v) => set(['options', 'displayMode'], v)} /></Field>
          <Field label="Orientation"><Select name="orientation" value={o.orientation ?? 'horizontal'} choices={['horizontal', 'vertical']} onChange={(v) => set(['options', 'orientation'], v)} /></Field>
        </>
      );
    case 'barchart':
      return calc || null;
    case 'text':
      return (
        <>
          <Field label="Mode"><Select name="mode" value={o.mode ?? 'markdown'} choices={['markdown', 'html', 'code']} onChange={(v) => set(['options', 'mode'], v)} /></Field>
          <Field label="Content"><textarea name="content" rows={8} value={o.content ?? ''} onChange={(e) => set(['options', 'content'], e.currentTarget.value)} /></Field>
        </>
      );
    case 'logs':
      return (
        <>
          <Field label="Wrap lines"><input type="checkbox" name="wrapLogMessage" checked={o.wrapLogMessage === true} onChange={(e) => set(['options', 'wrapLogMessage'], e.currentTarget.checked)} /></Field>
          <Field label="Order"><Select name="sortOrder" value={o.sortOrder ?? 'Descending'} choices={[['Descending', 'Newest first'], ['Ascending', 'Oldest first']]} onChange={(v) => set(['options', 'sortOrder'], v)} /></Field>
        </>
      );
    default:
      return null;
  }
}

const PREVIEW_PX = 360;

export function PanelEditor(props: Props) {
  const [draft, setDraft] = useState<PanelModel>(props.panel);
  const set = (path: string[], value: unknown): void => setDraft((d) => setIn(d, path, value));
  const defaults = draft.fieldConfig?.defaults ?? {};
  const queried = draft.type !== 'text';
  const styled = !['text', 'logs'].includes(draft.type);
  return (
    <div class="panel-editor" role="dialog" aria-label={`Edit panel ${props.panel.title ?? ''}`}>
      <div class="toolbar">
        <h1 class="page-title">Edit panel</h1>
        <span class="spacer" />
        <button class="toolbar-button" onClick={props.onDiscard}>Discard</button>
        <button class="toolbar-button primary" onClick={() => props.onApply(draft)}>{props.applyLabel ?? 'Back to dashboard'}</button>
      </div>
      {props.note && <div class="muted editor-note">{props.note}</div>}
      {props.problem && <div class="panel-error" role="alert">{props.problem}</div>}
      <div class="panel-editor-body">
        <div class="panel-editor-main">
          <div class="panel-editor-preview" style={{ height: `${PREVIEW_PX}px` }}>
            <Panel panel={draft} values={props.values} options={props.options} range={props.range} utc={props.utc} heightPx={PREVIEW_PX} widthPx={900} onZoom={() => undefined} />
          </div>
          {queried && <Queries targets={draft.targets ?? []} onChange={(targets) => set(['targets'], targets)} />}
          {queried && (
            <>
              <h3>Transformations</h3>
              <TransformationsEditor transformations={draft.transformations ?? []} onChange={(ts) => set(['transformations'], ts)} />
            </>
          )}
        </div>
        <aside class="panel-editor-options">
          <Field label="Visualization"><Select name="type" value={draft.type} choices={PANEL_TYPES.includes(draft.type) ? PANEL_TYPES : [draft.type, ...PANEL_TYPES]} onChange={(v) => set(['type'], v)} /></Field>
          <Field label="Title"><input name="title" value={draft.title ?? ''} onInput={(e) => set(['title'], e.currentTarget.value)} /></Field>
          <Field label="Description"><input name="description" value={(draft as { description?: string }).description ?? ''} onInput={(e) => set(['description'], e.currentTarget.value)} /></Field>
          <TypeOptions panel={draft} set={set} />
          <h3>Repeat options</h3>
          <Field label="Repeat by variable"><Select name="repeat" value={draft.repeat ?? ''} choices={[['', 'Off'], ...[...props.options.keys()].map((n): [string, string] => [n, n])]}
            onChange={(v) => set(['repeat'], v)} /></Field>
          {draft.repeat && (
            <>
              <Field label="Repeat direction"><Select name="repeatDirection" value={draft.repeatDirection ?? 'h'} choices={[['h', 'Horizontal'], ['v', 'Vertical']]} onChange={(v) => set(['repeatDirection'], v)} /></Field>
              {draft.repeatDirection !== 'v' && (
                <Field label="Max per row"><Select name="maxPerRow" value={String(draft.maxPerRow ?? 4)} choices={['2', '3', '4', '6', '8', '12']} onChange={(v) => set(['maxPerRow'], Number(v))} /></Field>
              )}
            </>
          )}
          {styled && (
            <>
              <h3>Standard options</h3>
              <Field label="Unit">
                <input name="unit" list="logi-units" value={defaults.unit ?? ''} onChange={(e) => set(['fieldConfig', 'defaults', 'unit'], e.currentTarget.value)} />
                <datalist id="logi-units">{UNITS.map((u) => <option key={u} value={u} />)}</datalist>
              </Field>
              <Field label="Decimals"><input name="decimals" type="number" min={0} value={defaults.decimals ?? ''} onChange={(e) => set(['fieldConfig', 'defaults', 'decimals'], numberOrUndefined(e.currentTarget.value))} /></Field>
              <Field label="Min"><input name="min" type="number" value={defaults.min ?? ''} onChange={(e) => set(['fieldConfig', 'defaults', 'min'], numberOrUndefined(e.currentTarget.value))} /></Field>
              <Field label="Max"><input name="max" type="number" value={defaults.max ?? ''} onChange={(e) => set(['fieldConfig', 'defaults', 'max'], numberOrUndefined(e.currentTarget.value))} /></Field>
              <Field label="Color scheme"><Select name="color.mode" value={defaults.color?.mode ?? (VALUE_PANEL_TYPES.has(draft.type) && draft.type !== 'piechart' && draft.type !== 'barchart' ? 'thresholds' : 'palette-classic')}
                choices={[['palette-classic', 'Classic palette'], ['thresholds', 'From thresholds'], ['fixed', 'Single color']]}
                onChange={(v) => set(['fieldConfig', 'defaults', 'color'], v === 'fixed' ? { mode: v, fixedColor: defaults.color?.fixedColor ?? 'blue' } : { mode: v })} /></Field>
              {defaults.color?.mode === 'fixed' && <Field label="Color"><input name="color.fixedColor" value={defaults.color.fixedColor ?? ''} onChange={(e) => set(['fieldConfig', 'defaults', 'color', 'fixedColor'], e.currentTarget.value)} /></Field>}
              <h3>Thresholds</h3>
              <Thresholds steps={defaults.thresholds?.steps ?? [{ color: 'green', value: null }, { color: 'red', value: 80 }]}
                onChange={(steps) => set(['fieldConfig', 'defaults', 'thresholds'], { mode: defaults.thresholds?.mode ?? 'absolute', steps })} />
              <h3>Overrides</h3>
              <OverridesEditor overrides={draft.fieldConfig?.overrides ?? []} onChange={(overrides) => set(['fieldConfig', 'overrides'], overrides)} />
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
