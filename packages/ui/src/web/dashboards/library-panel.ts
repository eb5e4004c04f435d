// A library panel in a dashboard (`libraryPanel: {uid, name}`): the panel stored apart under that uid, drawn in the
// dashboard's place for it (its id and gridPos kept), as Grafana draws one; a uid Logi does not hold is said in the panel.
// A library panel saved from this page is read again by every panel naming it.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, fetchLibraryElement, type LibraryElement } from './dashboard-api.js';
import type { Panel } from './model.js';

export type ResolvedLibraryPanel = { state: 'loading' } | { state: 'ready'; panel: Panel; element: LibraryElement } | { state: 'error'; message: string };

type Fetched = { state: 'loading' } | { state: 'ready'; element: LibraryElement } | { state: 'error'; message: string };

const savedListeners = new Set<(uid: string) => void>();

/** Tells the panels on the page naming `uid` that it changed (saved, so they read it again). */
export function libraryPanelSaved(uid: string): void {
  for (const listener of savedListeners) listener(uid);
}

/** What the library stores of a panel: everything but its place in one dashboard (Grafana's model has no id, gridPos). */
export function libraryModel(panel: Panel): Record<string, unknown> {
  const { id: _id, gridPos: _gridPos, libraryPanel: _ref, ...model } = panel;
  return model as Record<string, unknown>;
}

/** The element's panel in the place of `ref`, the dashboard's reference to it. */
export const placedPanel = (e: LibraryElement, ref: Panel): Panel =>
  ({ ...(e.model as unknown as Panel), id: ref.id, gridPos: ref.gridPos, libraryPanel: { uid: e.uid, name: e.name } });

export function useLibraryPanel(panel: Panel): ResolvedLibraryPanel {
  const ref = panel.libraryPanel!;
  const [fetched, setFetched] = useState<Fetched>({ state: 'loading' });
  const [saves, setSaves] = useState(0);
  useEffect(() => {
    const listener = (uid: string): void => { if (uid === ref.uid) setSaves((n) => n + 1); };
    savedListeners.add(listener);
    return () => { savedListeners.delete(listener); };
  }, [ref.uid]);
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
  }, [ref.uid, saves]);
  return useMemo(() => {
    if (fetched.state !== 'ready') return fetched;
    return { state: 'ready', panel: placedPanel(fetched.element, panel), element: fetched.element };
  }, [fetched, panel.id, JSON.stringify(panel.gridPos)]);
}
