import protobuf from 'protobufjs/light.js';
import snappy from 'snappy';
import type { LabelPair } from './labels.js';
import { parsePushLabels, PushDecodeError, type PushEntry, type PushStream } from './push.js';

// Loki's logproto push messages (pkg/push/push.proto); field numbers are the wire contract.
const root = protobuf.Root.fromJSON({
  nested: {
    logproto: {
      nested: {
        PushRequest: { fields: { streams: { rule: 'repeated', type: 'StreamAdapter', id: 1 }, format: { type: 'string', id: 2 } } },
        StreamAdapter: {
          fields: {
            labels: { type: 'string', id: 1 },
            entries: { rule: 'repeated', type: 'EntryAdapter', id: 2 },
            hash: { type: 'uint64', id: 3 },
          },
        },
        EntryAdapter: {
          fields: {
            timestamp: { type: 'Timestamp', id: 1 },
            line: { type: 'string', id: 2 },
            structuredMetadata: { rule: 'repeated', type: 'LabelPairAdapter', id: 3 },
            parsed: { rule: 'repeated', type: 'LabelPairAdapter', id: 4 },
          },
        },
        LabelPairAdapter: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        // google.protobuf.Timestamp, wire-identical
        Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
      },
    },
  },
});
const PushRequest = root.lookupType('logproto.PushRequest');

interface WireTimestamp { seconds?: number | { toString(): string }; nanos?: number }
interface WireEntry { timestamp?: WireTimestamp; line?: string; structuredMetadata?: { name?: string; value?: string }[] }
interface WireStream { labels?: string; entries?: WireEntry[] }

function toNs(ts: WireTimestamp | undefined): bigint {
  if (!ts) return 0n;
  const s = ts.seconds ?? 0;
  // int64 decodes to a number when safe, or to a Long-like object when `long` is loaded
  const secs = typeof s === 'number' ? BigInt(s) : BigInt(s.toString());
  return secs * 1_000_000_000n + BigInt(ts.nanos ?? 0);
}

/** Decodes an uncompressed protobuf PushRequest. */
export function decodePushProtobuf(raw: Uint8Array): PushStream[] {
  let msg: { streams?: WireStream[] };
  try {
    msg = PushRequest.decode(raw) as unknown as { streams?: WireStream[] };
  } catch (e) {
    throw new PushDecodeError(`proto: ${(e as Error).message}`);
  }
  const out: PushStream[] = [];
  for (const s of msg.streams ?? []) {
    const entries: PushEntry[] = [];
    for (const e of s.entries ?? []) {
      const entry: PushEntry = { ts: toNs(e.timestamp), line: e.line ?? '' };
      if (e.structuredMetadata?.length) entry.sm = e.structuredMetadata.map((p): LabelPair => [p.name ?? '', p.value ?? '']);
      entries.push(entry);
    }
    out.push({ labels: parsePushLabels(s.labels ?? ''), entries });
  }
  return out;
}

/** Decodes a snappy (block format) compressed protobuf PushRequest, as Alloy and Promtail send. */
export function decodePushSnappyProtobuf(body: Uint8Array): PushStream[] {
  let raw: Buffer;
  try {
    raw = snappy.uncompressSync(Buffer.from(body.buffer, body.byteOffset, body.byteLength)) as Buffer;
  } catch (e) {
    throw new PushDecodeError(`snappy: corrupt input: ${(e as Error).message}`);
  }
  return decodePushProtobuf(raw);
}

function timestampOf(ns: bigint): { seconds: number; nanos: number } {
  let secs = ns / 1_000_000_000n;
  let nanos = ns % 1_000_000_000n;
  if (nanos < 0n) { nanos += 1_000_000_000n; secs -= 1n; }
  return { seconds: Number(secs), nanos: Number(nanos) };
}

/** Encodes streams as an uncompressed protobuf PushRequest; labels must be a Loki label string. */
export function encodePushProtobuf(streams: readonly { labels: string; entries: readonly PushEntry[] }[]): Uint8Array {
  return PushRequest.encode({
    streams: streams.map((s) => ({
      labels: s.labels,
      entries: s.entries.map((e) => ({
        timestamp: timestampOf(e.ts),
        line: e.line,
        structuredMetadata: e.sm?.map(([name, value]) => ({ name, value })),
      })),
    })),
  }).finish();
}

/** Encodes streams as Alloy does: protobuf PushRequest, snappy block-compressed. */
export function encodePushSnappyProtobuf(streams: readonly { labels: string; entries: readonly PushEntry[] }[]): Buffer {
  return snappy.compressSync(Buffer.from(encodePushProtobuf(streams)));
}
