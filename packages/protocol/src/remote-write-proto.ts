import protobuf from 'protobufjs/light.js';
import snappy from 'snappy';

// Prometheus' remote-write 1.0 WriteRequest (prompb/remote.proto, types.proto); field numbers are the wire contract.
const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        // value is a double on the wire; written as its 64 bits so that a staleness marker keeps its NaN payload
        Sample: { fields: { value: { type: 'fixed64', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
});
const WriteRequest = root.lookupType('prometheus.WriteRequest');

/** One sample; `stale` makes it Prometheus' staleness marker (value ignored). */
export interface RemoteWriteSample {
  value: number;
  timestampMs: number;
  stale?: boolean;
}

/** One series: labels (`__name__` included) and its samples, oldest first, timestamps in ms. */
export interface RemoteWriteSeries {
  labels: Record<string, string>;
  samples: readonly RemoteWriteSample[];
}

/**
 * Prometheus' StaleNaN is the NaN 0x7ff0000000000002. A JS number cannot carry it: V8 turns signalling
 * NaNs quiet (0x7ff8…) when they pass through a register, so the marker is written from its bits.
 */
const STALE_BITS = { low: 0x00000002, high: 0x7ff00000, unsigned: true };
const view = new DataView(new ArrayBuffer(8));

function doubleBits(s: RemoteWriteSample): { low: number; high: number; unsigned: boolean } {
  if (s.stale) return STALE_BITS;
  view.setFloat64(0, s.value, true);
  return { low: view.getUint32(0, true), high: view.getUint32(4, true), unsigned: true };
}

/** The body of a remote-write request: WriteRequest, snappy block-compressed; labels sorted by name as receivers require. */
export function encodeRemoteWrite(series: readonly RemoteWriteSeries[]): Buffer {
  const raw = WriteRequest.encode({
    timeseries: series.map((s) => ({
      labels: Object.keys(s.labels).sort().map((name) => ({ name, value: s.labels[name] })),
      samples: s.samples.map((p) => ({ value: doubleBits(p), timestamp: p.timestampMs })),
    })),
  }).finish();
  return snappy.compressSync(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), { copyOutputData: true }) as Buffer;
}
