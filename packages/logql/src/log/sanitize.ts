// Label names from parsed keys (Loki's sanitizeLabelKey): trim spaces, every rune outside
// [A-Za-z0-9_] becomes `_`, and a leading digit gets a `_` prefix.

function mapRunes(key: string): string {
  let out = '';
  for (const ch of key) {
    const c = ch.charCodeAt(0);
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
    out += ok ? ch : '_';
  }
  return out;
}

/** Sanitises a whole key; '' means "skip this key". `first` adds the `_` before a leading digit. */
export function sanitizeLabelKey(key: string, first = true): string {
  if (isValidLabelName(key)) return key;
  const t = key.trim();
  if (t === '') return '';
  const c = t.charCodeAt(0);
  const prefix = first && c >= 0x30 && c <= 0x39 ? '_' : '';
  return prefix + mapRunes(t);
}

/** Whether `name` is a valid Prometheus label name, [A-Za-z_][A-Za-z0-9_]* (a loop: runs for every parsed key). */
export function isValidLabelName(name: string): boolean {
  const n = name.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (i > 0 && c >= 0x30 && c <= 0x39)) continue;
    return false;
  }
  return true;
}
