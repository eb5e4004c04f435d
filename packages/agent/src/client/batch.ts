import { encodePushSnappyProtobuf, type PushEntry } from '@logi/protocol';
import type { Ack } from '../pipeline/entry.js';

/** Entries waiting to go out in one push request, grouped by stream, with the acks to release once it is answered. */
export class Batch {
  readonly streams = new Map<string, PushEntry[]>();
  readonly acks: Ack[] = [];
  bytes = 0;
  entries = 0;

  add(labels: string, entry: PushEntry, ack: Ack, bytes: number): void {
    let list = this.streams.get(labels);
    if (!list) this.streams.set(labels, (list = []));
    list.push(entry);
    this.acks.push(ack);
    this.bytes += bytes;
    this.entries++;
  }

  /** The request body: protobuf PushRequest, snappy block-compressed. */
  encode(): Buffer {
    return encodePushSnappyProtobuf([...this.streams].map(([labels, entries]) => ({ labels, entries })));
  }

  /** Acknowledges every entry (sent, or dropped on purpose). */
  settle(): void {
    for (const a of this.acks) a.release();
    this.acks.length = 0;
  }
}
