// Finding short byte strings in a line. Buffer#indexOf crosses into C++ on every call, which costs more than
// the search itself for the few-byte literals of patterns over ~200-byte lines; a plain loop stays in JIT code.

/** The first index ≥ `from` where `needle` (non-empty) starts and ends by `end`, or -1. */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number, end: number = hay.length): number {
  const n = needle.length;
  const first = needle[0];
  const last = end - n;
  outer: for (let i = from; i <= last; i++) {
    if (hay[i] !== first) continue;
    for (let k = 1; k < n; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}
