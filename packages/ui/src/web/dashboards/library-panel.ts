// A library panel in a dashboard (`libraryPanel: {uid, name}`): the panel stored apart under that uid, drawn in the
// dashboard's place for it (its id and gridPos kept), as Grafana draws one; a uid Logi does not hold is said in the panel.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, fetchLibraryElement, type LibraryElement } from './dashboard-api.js';
import type { Panel } from './model.js';

export type ResolvedLibraryPanel = { state: 'loading' } | { state: 'ready'; panel: Panel } | { state: 'error'; message: string };

type Fetched = { state: 'loading' } | { state: 'ready'; element: LibraryElement } | { state: 'error'; message: string };

export function useLibraryPanel(panel: Panel): ResolvedLibraryPanel {
  const ref = panel.libraryPanel!;
  const [fetched, setFetched] = useState<Fetched>({ state: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setFetched({ state: 'loading' });
    fetchLibraryElement(ref.uid, abort.signal).then(
      (element) => setFetched({ state: 'ready', element }),
      (e: unknown) => {
        if (abort.signal.aborted) return;
        const name = `Library panel “${ref.name ?? ref.uid}” (uid ${ref.uid})`;
        setFetched({ state: 'error', message: e instanceof ApiError && e.httpStatus === 404 ? `${name} is not in Logi's library panels (/api/library-elements).` : `${name} could not be read: ${(e as Error).message}` });
      },
    );
    return () => abort.abort();
  }, [ref.uid]);
  return useMemo(() => {
    if (fetched.state !== 'ready') return fetched;
    const e = fetched.element;
    return { state: 'ready', panel: { ...(e.model as unknown as Panel), id: panel.id, gridPos: panel.gridPos, libraryPanel: { uid: e.uid, name: e.name } } };
  }, [fetched, panel.id, JSON.stringify(panel.gridPos)]);
}
