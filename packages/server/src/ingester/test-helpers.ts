// Shared by the storage tests: a temporary ingester and a reader of everything a stream holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelPair } from '@logi/protocol';
import { mergeBlocks } from '../chunk/merge.js';
import { readChunk } from '../chunk/read.js';
import { openIngester, type IngesterOptions } from './ingester.js';
import type { Ingester, IngesterConfig } from './types.js';

export const T0 = 1_795_132_800_000_000_000n; // 2026-11-20T00:00:00Z in ns
export const SEC = 1_000_000_000n;

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'logi-ingester-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(dir: string, over: Partial<IngesterConfig> = {}): IngesterConfig {
  return {
    dir, chunksDir: join(dir, 'chunks'), chunkTargetSize: 1572864, blockSize: 262144,
    chunkIdlePeriodMs: 30 * 60_000, maxChunkAgeMs: 2 * 3600_000, maxStreamsPerTenant: 0, fsync: false, ...over,
  };
}

export async function open(dir: string, over: Partial<IngesterConfig> = {}, opts: IngesterOptions = {}): Promise<Ingester> {
  return openIngester(testConfig(dir, over), { warn: () => undefined, ...opts });
}

export interface Row { ts: bigint; line: string; sm?: LabelPair[] }

/** Every row of the stream with these labels, merged in time order (what a query would see). */
export function rowsOf(ing: Ingester, tenant: string, labels: LabelPair[], from = 0n, to = 2n ** 62n): Row[] {
  const ref = [...ing.selectStreams(tenant, labels.map(([name, value]) => ({ name, type: '=' as const, value })), from, to)]
    .find((s) => s.labels.length === labels.length);
  if (!ref) return [];
  const blocks = ing.chunkSources(tenant, ref.id, from, to).flatMap((src) => readChunk(structuredClone(src), { lines: true, sm: true }));
  if (blocks.length === 0) return [];
  const b = mergeBlocks(blocks);
  const out: Row[] = [];
  for (let i = 0; i < b.ts.length; i++) {
    const r: Row = { ts: b.base + BigInt(b.ts[i]!), line: b.lines!.subarray(i === 0 ? 0 : b.lineEnds![i - 1]!, b.lineEnds![i]!).toString() };
    const sm = b.sm?.[i];
    if (sm) r.sm = sm;
    out.push(r);
  }
  return out;
}
