// Grafana's save dialog: a new dashboard gets its title here; a version saved meanwhile by someone else (412
// version-mismatch) or a taken uid (name-exists) is shown with Grafana's words and a "Save and overwrite"; a
// provisioned dashboard cannot be saved, only saved as a copy.
import { useState } from 'preact/hooks';
import { ApiError, saveDashboard, type Saved } from './dashboard-api.js';
import type { Dashboard } from './model.js';

interface Props { dashboard: Dashboard; isNew: boolean; provisioned: boolean; onSaved(saved: Saved, title: string): void; onClose(): void }

export function SaveDialog({ dashboard, isNew, provisioned, onSaved, onClose }: Props) {
  const [title, setTitle] = useState(provisioned ? `${dashboard.title} Copy` : dashboard.title);
  const [refusal, setRefusal] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const asCopy = provisioned;
  const conflict = refusal instanceof ApiError && (refusal.status === 'version-mismatch' || refusal.status === 'name-exists');
  const save = async (overwrite: boolean): Promise<void> => {
    if (!title.trim()) { setRefusal(new Error('Dashboard title cannot be empty')); return; }
    setBusy(true);
    const body = asCopy ? { ...dashboard, id: null, uid: '', version: 0, title: title.trim() } : { ...dashboard, title: title.trim() };
    try {
      onSaved(await saveDashboard(body, overwrite), title.trim());
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
