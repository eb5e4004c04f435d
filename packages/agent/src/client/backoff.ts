/** Delay before retry number `attempt` (0-based): doubling from min, capped at max, jittered to [d/2, d]. */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random = Math.random): number {
  const d = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 40));
  return d / 2 + random() * (d / 2);
}
