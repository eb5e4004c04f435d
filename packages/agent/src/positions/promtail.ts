import { existsSync } from 'node:fs';

/**
 * The file offsets in a Promtail positions file (`positions:` mapping a file path to its offset as a
 * decimal string), keeping only files that still exist. Journal cursors and other targets' keys
 * (`journal-…`, `cursor-…`) are not files and are left out. Rejects when the text is not that layout.
 */
export async function parsePromtailPositions(text: string): Promise<Map<string, number>> {
  const { parse } = await import('yaml'); // loaded only when needed, as for Promtail configs (~8 MB)
  const doc = (parse(text) ?? {}) as unknown; // Promtail reads an empty file as no positions
  const positions = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as { positions?: unknown }).positions ?? {} : undefined;
  if (typeof positions !== 'object' || positions === null || Array.isArray(positions) || Object.keys(doc as object).some((k) => k !== 'positions')) {
    throw new Error('not a Promtail positions file (a "positions:" mapping of file paths to offsets)');
  }
  const offsets = new Map<string, number>();
  for (const [path, value] of Object.entries(positions as Record<string, unknown>)) {
    if (path.startsWith('journal-') || path.startsWith('cursor-')) continue;
    const offset = Number(value);
    if (!/^\d+$/.test(String(value)) || !Number.isSafeInteger(offset)) continue;
    if (existsSync(path)) offsets.set(path, offset);
  }
  return offsets;
}
