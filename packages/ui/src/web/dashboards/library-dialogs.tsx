// The edit mode's library panel dialogs, as Grafana's: "Import from library" (pick one to add to the dashboard) and
// "New library panel" (a panel's content stored in the library under a name, the dashboard keeping a reference).
import { useState } from 'preact/hooks';
import { createLibraryPanel, type LibraryElement } from './dashboard-api.js';
import { Field } from './editor-fields.js';
import { LibraryList } from './library-list.js';
import { libraryModel } from './library-panel.js';
import type { Panel } from './model.js';

export function ImportFromLibraryDialog({ onPick, onClose }: { onPick(e: LibraryElement): void; onClose(): void }) {
  return (
    <div class="modal-backdrop">
      <div class="modal library-dialog" role="dialog" aria-label="Import from library">
        <h2>Add panel from panel library</h2>
        <LibraryList actions={(e) => <button class="toolbar-button primary" aria-label={`Add ${e.name}`} onClick={() => onPick(e)}>Add</button>} />
        <div class="form-buttons"><span class="spacer" /><button class="toolbar-button" onClick={onClose}>Cancel</button></div>
      </div>
    </div>
  );
}

export function NewLibraryPanelDialog({ panel, onCreated, onClose }: { panel: Panel; onCreated(e: LibraryElement): void; onClose(): void }) {
  const [name, setName] = useState(panel.title ?? '');
  const [problem, setProblem] = useState<string>();
  const create = async (): Promise<void> => {
    try {
      onCreated(await createLibraryPanel(name, libraryModel(panel)));
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  return (
    <div class="modal-backdrop">
      <div class="modal library-dialog" role="dialog" aria-label="New library panel">
        <h2>New library panel</h2>
        <Field label="Library panel name"><input name="library-panel-name" value={name} onInput={(e) => { setName(e.currentTarget.value); setProblem(undefined); }} /></Field>
        {problem && <div class="panel-error" role="alert">{problem}</div>}
        <div class="form-buttons">
          <span class="spacer" />
          <button class="toolbar-button primary" disabled={name.trim() === ''} onClick={() => void create()}>Create library panel</button>
          <button class="toolbar-button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
