// Grafana's Dashboards > Library panels (/library-panels): every library panel, searched by name, each deleted here
// unless a dashboard uses it (Grafana's refusal then says so).
import { useState } from 'preact/hooks';
import { deleteLibraryElement } from './dashboard-api.js';
import { LibraryList } from './library-list.js';
import './dashboards.css';

export function LibraryPanelsPage() {
  const [generation, setGeneration] = useState(0);
  const [problem, setProblem] = useState<string>();
  const remove = async (uid: string, name: string): Promise<void> => {
    if (!window.confirm(`Delete the library panel “${name}”?`)) return;
    try {
      await deleteLibraryElement(uid);
      setProblem(undefined);
    } catch (e) {
      setProblem(`“${name}” was not deleted: ${(e as Error).message}`);
    }
    setGeneration((g) => g + 1);
  };
  return (
    <div class="dashboard-list library-panels">
      <div class="toolbar"><h1 class="page-title">Library panels</h1></div>
      {problem && <div class="panel-error" role="alert">{problem}</div>}
      <LibraryList generation={generation} actions={(e) => (
        <button class="toolbar-button danger" aria-label={`Delete library panel ${e.name}`} onClick={() => void remove(e.uid, e.name)}>Delete</button>
      )} />
    </div>
  );
}
