// Data that a page keeps fresh: loaded at once and again every `intervalMs` (and on reload()), the last answer
// kept on screen while the next one loads, as Grafana's alert list refreshes.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Polled<T> {
  data: T | undefined;
  error: string | undefined;
  reload(): void;
}

export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs: number): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    const abort = new AbortController();
    latest.current(abort.signal).then(
      (d) => { if (!abort.signal.aborted) { setData(d); setError(undefined); } },
      (e: unknown) => { if (!abort.signal.aborted) setError(e instanceof Error ? e.message : String(e)); },
    );
    const timer = setTimeout(() => setTick((n) => n + 1), intervalMs);
    return () => { abort.abort(); clearTimeout(timer); };
  }, [tick, intervalMs]);
  return { data, error, reload: useCallback(() => setTick((n) => n + 1), []) };
}
