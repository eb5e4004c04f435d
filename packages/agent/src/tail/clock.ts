// Wall clock with nanosecond resolution for read times: Date.now() anchors it, hrtime advances it.
const originNs = BigInt(Date.now()) * 1_000_000n;
const hr0 = process.hrtime.bigint();
let last = 0n;

/** Unix nanoseconds, strictly increasing across calls, with room for `count` distinct values after it. */
export function readTimeNs(count: number): bigint {
  let now = originNs + (process.hrtime.bigint() - hr0);
  if (now <= last) now = last + 1n;
  last = now + BigInt(Math.max(0, count - 1));
  return now;
}
