// Polling for a condition in end-to-end tests, failing with what was awaited.
import assert from 'node:assert/strict';

/** Resolves with `get`'s first defined answer, polled every 100 ms; fails the test after `timeoutMs`. */
export async function until<T>(what: string, get: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`${what}: not reached in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
