// Grafana's dashboard settings > JSON Model: the whole dashboard as JSON to edit by hand (variables, overrides,
// transformations and anything the editors do not offer); applied to the page, saved with the dashboard.
import { useState } from 'preact/hooks';
import { parseDashboardJson } from './dashboard-json.js';
import type { Dashboard } from './model.js';

interface Props { dashboard: Dashboard; onApply(d: Dashboard): void; onClose(): void }

export function JsonModelDialog({ dashboard, onApply, onClose }: Props) {
  const [text, setText] = useState(() => JSON.stringify(dashboard, null, 2));
  const [error, setError] = useState<string>();
  const apply = (): void => {
    try {
      const next = parseDashboardJson(text);
      // the uid is the dashboard's address and file: another one is a new dashboard, made by importing
      if ((next.uid ?? '') !== dashboard.uid) throw new Error(`The uid cannot be changed here (it is "${dashboard.uid}"); import the JSON to make a new dashboard`);
      onApply({ ...next, id: dashboard.id, version: dashboard.version });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div class="modal-backdrop">
      <div class="modal json-model" role="dialog" aria-label="JSON model">
        <h2>JSON model</h2>
        <textarea name="json-model" spellcheck={false} value={text} onInput={(e) => { setText(e.currentTarget.value); setError(undefined); }} />
        {error && <div class="panel-error" role="alert">{error}</div>}
        <div class="form-buttons">
          <button class="toolbar-button primary" onClick={apply}>Apply</button>
          <button class="toolbar-button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
