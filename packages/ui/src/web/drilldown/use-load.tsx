// One request's answer for a component: loading, the data, or the error's message; a newer request (or leaving)
// aborts the older one, so a late answer never overwrites a newer one.
import { useEffect, useState } from 'preact/hooks';

export type Load<T> = { state: 'loading' } | { state: 'done'; data: T } | { state: 'error'; message: string };

export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Load<T> {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setResult({ state: 'loading' });
    load(abort.signal).then(
      (data) => { if (!abort.signal.aborted) setResult({ state: 'done', data }); },
      (e: unknown) => { if (!abort.signal.aborted) setResult({ state: 'error', message: e instanceof Error ? e.message : String(e) }); },
    );
    return () => abort.abort();
  }, deps);
  return result;
}

/** What to show while a Load is not done; undefined once it is. */
export function loadStatus(load: Load<unknown>, what: string) {
  if (load.state === 'loading') return <div class="loading">Loading {what}…</div>;
  if (load.state === 'error') return <div class="error-text">{what}: {load.message}</div>;
  return undefined;
}
