// A child process for the crash test: opens storage on argv[2] with the options in argv[3] (JSON), then
// reads push requests from stdin, one JSON object a line, and answers `ack <id>` on stdout once each push
// is durable. Pushes run concurrently, as an HTTP server would run them. The test kills it with SIGKILL.
import { createInterface } from 'node:readline';
import { openStorage } from '../../app/storage.js';
import type { StreamIn } from '../types.js';

interface PushLine { id: number; tenant: string; streams: { labels: [string, string][]; entries: { ts: string; line: string }[] }[] }

const dir = process.argv[2]!;
const over = JSON.parse(process.argv[3] ?? '{}') as Record<string, number>;
const { ingester: ing } = await openStorage({
  dir, chunksDir: `${dir}/chunks`, chunkTargetSize: over.chunkTargetSize ?? 1572864, blockSize: over.blockSize ?? 262144,
  chunkIdlePeriodMs: 30 * 60_000, maxChunkAgeMs: 2 * 3600_000, maxStreamsPerTenant: 0, fsync: true,
}, { walSegmentBytes: over.walSegmentBytes ?? 64 * 1024 * 1024, warn: () => undefined });
process.stdout.write('ready\n');
for await (const text of createInterface({ input: process.stdin })) {
  const req = JSON.parse(text) as PushLine;
  const streams: StreamIn[] = req.streams.map((s) => ({ labels: s.labels, entries: s.entries.map((e) => ({ ts: BigInt(e.ts), line: e.line })) }));
  ing.push(req.tenant, streams).then(
    () => process.stdout.write(`ack ${req.id}\n`),
    (e: Error) => process.stdout.write(`err ${req.id} ${e.message}\n`),
  );
}
