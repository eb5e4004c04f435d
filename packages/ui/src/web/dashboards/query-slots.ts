// Panels ask for their data in parallel, but a browser opens at most 6 connections to one host (HTTP/1.1): beyond
// that requests queue in the browser unseen. Keeping one connection free lets a variable or a page request through.
const SLOTS = 5;

let running = 0;
const waiting: Array<() => void> = [];

/** Runs `job` when one of the query slots is free; the page's panels share them. */
export async function inQuerySlot<T>(job: () => Promise<T>): Promise<T> {
  if (running >= SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await job();
  } finally {
    running--;
    waiting.shift()?.();
  }
}
