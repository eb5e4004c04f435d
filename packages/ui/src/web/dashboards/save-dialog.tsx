// Grafana's save dialog: a new dashboard gets its title here; a version saved meanwhile by someone else (412
// version-mismatch) or a taken uid (name-exists) is shown with Grafana's words and a "Save and overwrite"; a
// provisioned dashboard cannot be saved, only saved as a copy. As Grafana's, it offers to keep the time range and the
// variables' values now shown as the dashboard's defaults when they differ from them.
import { useState } from 'preact/hooks';
import type { RawTimeRange } from '../shell/time-range.js';
import { ApiError, saveDashboard, type Saved } from './dashboard-api.js';
import type { Dashboard } from './model.js';
import { ALL, type VariableValues } from './variables.js';

interface Props {
  dashboard: Dashboard;
  isNew: boolean;
  provisioned: boolean;
  /** the time range and variable values the page shows */
  time: RawTimeRange;
  values: VariableValues;
  onSaved(saved: Saved, dashboard: Dashboard): void;
  onClose(): void;
}

const asList = (x: string | string[] | undefined): string[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** The dashboard with `values` as its variables' current values (Grafana's "current": text and value). */
function withCurrent(d: Dashboard, values: VariableValues): Dashboard {
  const list = (d.templating?.list ?? []).map((v) => {
    const chosen = values.get(v.name);
    if (!chosen) return v;
    const text = chosen.map((c) => (c === ALL ? 'All' : c));
    return { ...v, current: v.multi ? { text, value: chosen } : { text: text[0] ?? '', value: chosen[0] ?? '' } };
  });
  return { ...d, templating: { ...d.templating, list } };
}

export function SaveDialog({ dashboard, isNew, provisioned, time, values, onSaved, onClose }: Props) {
  const [saveTime, setSaveTime] = useState(false);
  const [saveValues, setSaveValues] = useState(false);
  const timeChanged = time.from !== dashboard.time?.from || time.to !== dashboard.time?.to;
  const valuesChanged = (dashboard.templating?.list ?? []).some((v) => values.has(v.name) && asList(v.current?.value).join('\n') !== values.get(v.name)!.join('\n'));
  const [title, setTitle] = useState(provisioned ? `${dashboard.title} Copy` : dashboard.title);
  const [refusal, setRefusal] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const asCopy = provisioned;
  const conflict = refusal instanceof ApiError && (refusal.status === 'version-mismatch' || refusal.status === 'name-exists');
  const save = async (overwrite: boolean): Promise<void> => {
    if (!title.trim()) { setRefusal(new Error('Dashboard title cannot be empty')); return; }
    setBusy(true);
    let body: Dashboard = { ...(saveValues ? withCurrent(dashboard, values) : dashboard), title: title.trim(), ...(saveTime ? { time } : {}) };
    if (asCopy) body = { ...body, id: null, uid: '', version: 0 };
    try {
      onSaved(await saveDashboard(body, overwrite), body);
    } catch (e) {
      setRefusal(e as Error);
      setBusy(false);
    }
  };
  return (
    <div class="modal-backdrop" onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div class="modal save-dialog" role="dialog" aria-label="Save dashboard">
        <h2>{asCopy ? 'Save as copy' : 'Save dashboard'}</h2>
        {asCopy && <p class="muted">This dashboard is provisioned from a file and cannot be saved over; save a copy instead.</p>}
        <label>Title<input name="save-title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} /></label>
        {timeChanged && !isNew && (
          <label class="checkbox"><input type="checkbox" name="save-time" checked={saveTime} onChange={(e) => setSaveTime(e.currentTarget.checked)} /> Save current time range as dashboard default</label>
        )}
        {valuesChanged && !isNew && (
          <label class="checkbox"><input type="checkbox" name="save-variables" checked={saveValues} onChange={(e) => setSaveValues(e.currentTarget.checked)} /> Update default variable values</label>
        )}
        {refusal && (
          <div class="panel-error" role="alert">
            {refusal instanceof ApiError && refusal.status === 'version-mismatch' ? 'Someone else has updated this dashboard. Would you still like to save this dashboard?' : refusal.message}
          </div>
        )}
        <div class="form-buttons">
          {conflict
            ? <button class="toolbar-button danger" disabled={busy} onClick={() => void save(true)}>Save and overwrite</button>
            : <button class="toolbar-button primary" disabled={busy} onClick={() => void save(false)}>Save</button>}
          <button class="toolbar-button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
