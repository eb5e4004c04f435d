// Editing a library panel, as Grafana does: the panel editor on the library's panel, whose "Save library panel"
// PATCHes it with the version read (someone else's save in between is refused), so that every dashboard naming it
// draws the change; the dashboard itself keeps its reference unchanged.
import { useState } from 'preact/hooks';
import { updateLibraryPanel } from './dashboard-api.js';
import { libraryModel, libraryPanelSaved, useLibraryPanel } from './library-panel.js';
import { PanelEditor } from './panel-editor.js';
import type { PanelProps } from './panel.js';

type Props = Pick<PanelProps, 'panel' | 'values' | 'options' | 'range' | 'utc'> & { onClose(): void };

export function LibraryPanelEditor({ panel, onClose, ...rest }: Props) {
  const resolved = useLibraryPanel(panel);
  const [problem, setProblem] = useState<string>();
  if (resolved.state !== 'ready') {
    return (
      <div class="panel-editor" role="dialog" aria-label="Edit library panel">
        {resolved.state === 'error' ? <div class="panel-error" role="alert">{resolved.message}</div> : <div class="loading">Loading library panel…</div>}
        <button class="toolbar-button" onClick={onClose}>Back to dashboard</button>
      </div>
    );
  }
  const e = resolved.element;
  const save = async (edited: PanelProps['panel']): Promise<void> => {
    try {
      await updateLibraryPanel({ uid: e.uid, name: e.name, model: libraryModel(edited), version: e.version });
      libraryPanelSaved(e.uid);
      onClose();
    } catch (err) {
      setProblem(`Library panel “${e.name}” was not saved: ${(err as Error).message}`);
    }
  };
  return (
    <PanelEditor panel={resolved.panel} {...rest} applyLabel="Save library panel" problem={problem}
      note={`Library panel “${e.name}”: saving changes it in every dashboard using it (${e.meta?.connectedDashboards ?? 0}).`}
      onApply={(p) => void save(p)} onDiscard={onClose} />
  );
}
