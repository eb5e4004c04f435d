// Shared by the storage tests: a temporary ingester and a reader of everything a stream holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelPair } from '@logi/protocol';
import { openStorage, type Storage, type StorageConfig } from '../app/storage.js';
import { mergeBlocks } from '../chunk/merge.js';
import { chunkBlocks, readChunk } from '../chunk/read.js';
import { fetchChunk } from '../storage/chunk-fetch.js';
import { openObjectStore } from '../storage/object/open-store.js';
import type { IngesterOptions } from './ingester.js';
import type { DecodedBlock, Ingester, StreamIndex } from './types.js';

export const T0 = 1_795_132_800_000_000_000n; // 2026-11-20T00:00:00Z in ns
export const SEC = 1_000_000_000n;

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'logi-ingester-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(dir: string, over: Partial<StorageConfig> = {}): StorageConfig {
  return {
    dir, chunksDir: join(dir, 'chunks'), chunkTargetSize: 1572864, blockSize: 262144,
    chunkIdlePeriodMs: 30 * 60_000, maxChunkAgeMs: 2 * 3600_000, maxStreamsPerTenant: 0, fsync: false, ...over,
  };
}

/** Storage opened as the server opens it, with the ingester's and the reader's methods on one object. */
export type TestStorage = Ingester & StreamIndex & { storage: Storage };

export async function open(dir: string, over: Partial<StorageConfig> = {}, opts: IngesterOptions = {}): Promise<TestStorage> {
  const storage = await openStorage(testConfig(dir, over), { warn: () => undefined, ...opts });
  const { ingester: i, reader: r } = storage;
  return {
    storage, objects: r.objects,
    push: (t, s) => i.push(t, s), memory: (t, id) => i.memory(t, id), memoryStreams: () => i.memoryStreams(), flush: () => i.flush(), close: () => storage.close(),
    selectStreams: (...a) => r.selectStreams(...a), labelNames: (...a) => r.labelNames(...a), labelValues: (...a) => r.labelValues(...a),
    chunkSources: (...a) => r.chunkSources(...a), indexStats: (...a) => r.indexStats(...a),
  };
}

export interface Row { ts: bigint; line: string; sm?: LabelPair[] }

/** Every row of the stream with these labels, merged in time order (what a query would see). */
export async function rowsOf(ing: StreamIndex, tenant: string, labels: LabelPair[], from = 0n, to = 2n ** 62n): Promise<Row[]> {
  const ref = [...ing.selectStreams(tenant, labels.map(([name, value]) => ({ name, type: '=' as const, value })), from, to)]
    .find((s) => s.labels.length === labels.length);
  if (!ref) return [];
  const want = { lines: true, sm: true };
  const blocks: DecodedBlock[] = [];
  for (const src of ing.chunkSources(tenant, ref.id, from, to)) {
    if (src.kind !== 'stored') blocks.push(...readChunk(structuredClone(src), want));
    else {
      const { buf, blocks: table } = await fetchChunk(openObjectStore(ing.objects), src);
      blocks.push(...chunkBlocks(buf, table, want));
    }
  }
  if (blocks.length === 0) return [];
  const b = mergeBlocks(blocks, { dropCopies: true });
  const out: Row[] = [];
  for (let i = 0; i < b.ts.length; i++) {
    const r: Row = { ts: b.base + BigInt(b.ts[i]!), line: b.lines!.subarray(i === 0 ? 0 : b.lineEnds![i - 1]!, b.lineEnds![i]!).toString() };
    const sm = b.sm?.[i];
    if (sm) r.sm = sm;
    out.push(r);
  }
  return out;
}
