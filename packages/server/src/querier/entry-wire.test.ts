// Entries packed in a scan worker and unpacked on the main thread are the entries, through a real structured clone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { packEntries, packedTransferList, unpackEntries, type PackedEntries } from './entry-wire.js';
import type { LabelPair } from '@logi/protocol';
import type { LogEntryOut } from './log-result.js';

const api: LabelPair[] = [['app', 'api'], ['env', 'prod']];
const web: LabelPair[] = [['app', 'web']];

const ENTRIES: LogEntryOut[] = [
  { ts: 1_795_996_800_000_000_001n, line: 'level=info msg="a b" duration=1ms', stream: api, streamKey: '{app="api", env="prod"}', sm: [], parsed: [['duration', '1ms'], ['level', 'info'], ['msg', 'a b']], fullKey: 'k1' },
  { ts: 2n, line: 'plain', stream: web, streamKey: '{app="web"}', sm: [['trace_id', 'abc']], parsed: [], fullKey: 'k2' },
  { ts: -5n, line: '', stream: api, streamKey: '{app="api", env="prod"}', sm: [['level', '\u0000x=y']], parsed: [['level_extracted', '']], fullKey: 'k3' },
  { ts: 3n, line: 'ünïcode ✓', stream: web, streamKey: '{app="web"}', sm: [], parsed: [], fullKey: 'k4' },
];

/** `p` as the main thread receives it from a worker: cloned, its buffers moved. */
async function cloned(p: PackedEntries): Promise<PackedEntries> {
  const { port1, port2 } = new MessageChannel();
  const got = new Promise<PackedEntries>((resolve) => port2.once('message', resolve));
  port1.postMessage(p, packedTransferList(p));
  const out = await got;
  port1.close();
  return out;
}

test('entries packed, cloned and unpacked are the entries, in order, each stream and label name once', async () => {
  const packed = packEntries(ENTRIES);
  assert.equal(packed.streams.length, 2);
  assert.deepEqual(packed.names, ['duration', 'level', 'msg', 'trace_id', 'level_extracted']);
  assert.deepEqual(unpackEntries(await cloned(packed)), ENTRIES);
  assert.deepEqual(unpackEntries(await cloned(packEntries([]))), []);
});

test('entries that carry their labels as JSON cross with it, and with no pairs', async () => {
  const asJSON: LogEntryOut[] = ENTRIES.map((e, i) => ({ ...e, sm: [], parsed: [], labelsJSON: `{"n":"${i}"}` }));
  const packed = packEntries(asJSON);
  assert.equal(packed.pairValues.length, 0);
  assert.deepEqual(unpackEntries(await cloned(packed)), asJSON);
});
