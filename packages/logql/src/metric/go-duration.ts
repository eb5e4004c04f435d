// Go's time.Duration.Seconds(), which Loki divides by: whole seconds plus the remainder.
export function durationSeconds(ns: number): number {
  const sec = Math.trunc(ns / 1e9);
  return sec + (ns - sec * 1e9) / 1e9;
}
