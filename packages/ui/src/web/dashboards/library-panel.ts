// A library panel in a dashboard (`libraryPanel: {uid, name}`): the panel stored apart under that uid, drawn in the
// dashboard's place for it (its id and gridPos kept), as Grafana draws one; a uid Logi does not hold is said in the panel.
// A library panel saved from this page is read again by every panel naming it. A repeat set in the library's model
// repeats the dashboard's panel, as Grafana 11 moves it onto the panel's place in the grid.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, fetchLibraryElement, type LibraryElement } from './dashboard-api.js';
import type { Panel } from './model.js';
import { sharedRequest } from './shared-requests.js';

export type ResolvedLibraryPanel = { state: 'loading' } | { state: 'ready'; panel: Panel; element: LibraryElement } | { state: 'error'; message: string };

type Fetched = { state: 'loading' } | { state: 'ready'; element: LibraryElement } | { state: 'error'; message: string };

const savedListeners = new Set<(uid: string) => void>();

/** Tells the panels on the page naming `uid` that it changed (saved, so they read it again). */
export function libraryPanelSaved(uid: string): void {
  for (const listener of savedListeners) listener(uid);
}

/** The element, read once for the grid (its repeat) and the panel drawing it when they ask at the same time. */
const readElement = (uid: string, signal: AbortSignal): Promise<LibraryElement> =>
  sharedRequest(`library-element:${uid}`, signal, (shared) => fetchLibraryElement(uid, shared));

/** Counts the saves of library panels on this page, so that what read one reads it again. */
function useSaves(uids: readonly string[]): number {
  const [saves, setSaves] = useState(0);
  const key = uids.join('\n');
  useEffect(() => {
    const listener = (uid: string): void => { if (uids.includes(uid)) setSaves((n) => n + 1); };
    savedListeners.add(listener);
    return () => { savedListeners.delete(listener); };
  }, [key]);
  return saves;
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
  const saves = useSaves([ref.uid]);
  useEffect(() => {
    const abort = new AbortController();
    setFetched({ state: 'loading' });
    readElement(ref.uid, abort.signal).then(
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

/** Grafana's repeat options of a panel. */
type RepeatOptions = Pick<Panel, 'repeat' | 'repeatDirection' | 'maxPerRow'>;

/** The library panels' repeats by uid: those whose model sets one (read again when saved from this page). */
export function useLibraryRepeats(uids: readonly string[]): ReadonlyMap<string, RepeatOptions> {
  const [repeats, setRepeats] = useState<ReadonlyMap<string, RepeatOptions>>(new Map());
  const saves = useSaves(uids);
  useEffect(() => {
    if (uids.length === 0) return undefined;
    const abort = new AbortController();
    // an element not read is drawn by its panel with the reason; here it only repeats nothing
    Promise.all(uids.map((uid) => readElement(uid, abort.signal).catch(() => undefined))).then((elements) => {
      if (abort.signal.aborted) return;
      const next = new Map<string, RepeatOptions>();
      for (const e of elements) {
        const m = e?.model as RepeatOptions | undefined;
        // Grafana 11: vertical unless the model says 'h' (a panel of the dashboard defaults to 'h')
        if (e && typeof m?.repeat === 'string' && m.repeat !== '') next.set(e.uid, { repeat: m.repeat, repeatDirection: m.repeatDirection === 'h' ? 'h' : 'v', maxPerRow: m.maxPerRow });
      }
      setRepeats(next);
    });
    return () => abort.abort();
  }, [uids.join('\n'), saves]);
  return repeats;
}

/** The dashboard's reference to a library panel repeating as its model says (Grafana 11: the model's repeat takes the place of the panel's own). */
export function withLibraryRepeat(p: Panel, repeats: ReadonlyMap<string, RepeatOptions>): Panel {
  const own = p.libraryPanel && repeats.get(p.libraryPanel.uid);
  return own ? { ...p, ...own } : p;
}
