// Client-side routing on Grafana's paths through the history API, below the base the server put in <base href>.
import { useEffect, useState } from 'preact/hooks';

/** '/logi' when served below server.http_path_prefix '/logi', else ''. */
export const BASE_PATH = new URL(document.baseURI).pathname.replace(/\/$/, '');

export interface Location {
  /** the path below the base, e.g. '/explore' */
  path: string;
  search: URLSearchParams;
}

/** The path below the base now, e.g. '/explore'. */
export function currentPath(): string {
  return window.location.pathname.slice(BASE_PATH.length) || '/';
}

function current(): Location {
  return { path: currentPath(), search: new URLSearchParams(window.location.search) };
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

let leaving: ((to: string) => boolean) | undefined;

/**
 * While set, `ask` decides whether a navigation to another page may go on (a page with unsaved work asks the user);
 * replace navigations, a page keeping its own URL up to date, are never asked about.
 */
export function guardLeaving(ask: ((to: string) => boolean) | undefined): void {
  leaving = ask;
}

/** Goes to `pathAndQuery` (below the base); replace keeps the browser history as it was. */
export function navigate(pathAndQuery: string, opts: { replace?: boolean } = {}): void {
  const url = BASE_PATH + pathAndQuery;
  if (url === window.location.pathname + window.location.search) return;
  if (!opts.replace && leaving && !leaving(pathAndQuery)) return;
  if (opts.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  listeners.forEach((l) => l());
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = (): void => setLocation((was) => {
      const now = current();
      return now.path === was.path && now.search.toString() === was.search.toString() ? was : now;
    });
    listeners.add(update);
    update(); // a navigate() between the first render and now (a redirect made while rendering) is not missed
    return () => { listeners.delete(update); };
  }, []);
  return location;
}
