// Grafana's library panel search: a search field and the library panels whose name holds it, by name, each with its
// type, description and the dashboards using it; what a click on one does (insert it, delete it) is the caller's.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { searchLibraryPanels, type LibraryElement } from './dashboard-api.js';

interface Props {
  /** the element's buttons */
  actions(e: LibraryElement): ComponentChildren;
  /** changed after a deletion, so the list is read again */
  generation?: number;
}

export function LibraryList({ actions, generation = 0 }: Props) {
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<LibraryElement[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    const abort = new AbortController();
    searchLibraryPanels(search, abort.signal).then(
      (list) => { setFound(list); setError(undefined); },
      (e: unknown) => { if (!abort.signal.aborted) setError((e as Error).message); },
    );
    return () => abort.abort();
  }, [search, generation]);
  return (
    <div class="library-list">
      <input class="dashboard-search" type="search" name="library-search" placeholder="Search by name" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      {error && <div class="panel-error" role="alert">{error}</div>}
      {!found && !error && <div class="loading">Loading…</div>}
      {found && (
        <ul class="library-hits">
          {found.map((e) => (
            <li key={e.uid} data-library-uid={e.uid}>
              <span class="library-name">{e.name}</span>
              <span class="tag">{e.type || 'panel'}</span>
              {e.description && <span class="muted">{e.description}</span>}
              <span class="spacer" />
              <span class="muted">{e.meta?.connectedDashboards ?? 0} dashboard{e.meta?.connectedDashboards === 1 ? '' : 's'}</span>
              {actions(e)}
            </li>
          ))}
          {found.length === 0 && <li class="muted">{search ? `No library panel's name holds “${search}”.` : 'No library panels yet: a panel\'s "New library panel" (edit mode) makes one.'}</li>}
        </ul>
      )}
    </div>
  );
}
