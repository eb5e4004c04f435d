// Panels asking the same query over the same range (a panel and its copy, a stat beside the graph of one expression)
// share one request: the answer is the same, and each would cost the server the same work.
interface InFlight {
  answer: Promise<unknown>;
  users: number;
  abort: AbortController;
}

const inFlight = new Map<string, InFlight>();

/**
 * `request`'s answer, shared by every caller with the same `key` while it runs. A caller's `signal` rejects its
 * own wait; the request is aborted when every caller has gone.
 */
export function sharedRequest<T>(key: string, signal: AbortSignal, request: (signal: AbortSignal) => Promise<T>): Promise<T> {
  let shared = inFlight.get(key);
  if (shared === undefined) {
    const abort = new AbortController();
    const answer = request(abort.signal);
    const entry: InFlight = { answer, users: 0, abort };
    const forget = (): void => { if (inFlight.get(key) === entry) inFlight.delete(key); };
    answer.then(forget, forget);
    inFlight.set(key, (shared = entry));
  }
  const entry = shared;
  entry.users++;
  return new Promise<T>((resolve, reject) => {
    const leave = (): void => {
      if (--entry.users === 0) {
        entry.abort.abort();
        if (inFlight.get(key) === entry) inFlight.delete(key);
      }
      reject(signal.reason);
    };
    if (signal.aborted) {
      leave();
      return;
    }
    signal.addEventListener('abort', leave, { once: true });
    entry.answer.then(
      (value) => { signal.removeEventListener('abort', leave); resolve(value as T); },
      (e: unknown) => { signal.removeEventListener('abort', leave); reject(e); },
    );
  });
}
