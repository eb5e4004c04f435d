// Query history kept in the browser: the newest first, no repeats, at most 100.
const KEY = 'logi.queryHistory';
const MAX = 100;

export function readHistory(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function remember(expr: string): void {
  const e = expr.trim();
  if (!e) return;
  localStorage.setItem(KEY, JSON.stringify([e, ...readHistory().filter((h) => h !== e)].slice(0, MAX)));
}
