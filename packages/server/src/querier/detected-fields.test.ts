import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLabels, type LabelPair } from '@logi/protocol';
import { detectedFieldValues, detectFields, type DetectedField } from './detected-fields.js';
import type { LogEntryOut } from './log-result.js';

let ts = 1000n;
function entry(stream: LabelPair[], line: string, sm: LabelPair[] = [], parsed: LabelPair[] = []): LogEntryOut {
  ts -= 1n;
  return { ts, line, stream, streamKey: formatLabels(stream), sm, parsed, fullKey: formatLabels([...stream, ...sm, ...parsed]) };
}

const byLabel = (fields: DetectedField[]): Record<string, DetectedField> => Object.fromEntries(fields.map((f) => [f.label, f]));

test('JSON lines: flattened names, key paths, _extracted on a clash with a stream label, types', () => {
  const stream: LabelPair[] = [['app', 'shop'], ['level', 'info']];
  const fields = byLabel(detectFields([
    entry(stream, '{"level":"info","http":{"status":200,"path":"/a"},"ms":1.5,"tags":["x"],"gone":null,"ok":true}'),
    entry(stream, '{"level":"warn","http":{"status":404,"path":"/b"},"ms":2.5,"ok":false}'),
  ], 1000));
  assert.deepEqual(Object.keys(fields).sort(), ['http_path', 'http_status', 'level_extracted', 'ms', 'ok']);
  assert.deepEqual(fields.http_status, { label: 'http_status', type: 'int', cardinality: 2, parsers: ['json'], jsonPath: ['http', 'status'] });
  assert.deepEqual(fields.level_extracted!.jsonPath, ['level']);
  assert.equal(fields.ms!.type, 'float');
  assert.equal(fields.ok!.type, 'boolean');
});

test('logfmt lines, structured metadata (parsers null) and labels parsed by the query', () => {
  const stream: LabelPair[] = [['app', 'api']];
  const fields = byLabel(detectFields([
    entry(stream, 'level=info duration=12ms size=1.5KB empty=', [['trace_id', 'abc']], [['from_query', 'x']]),
    entry(stream, 'level=error duration=3s size=20KB', [['trace_id', 'def']], [['from_query', 'y'], ['__error__', 'E']]),
  ], 1000));
  assert.deepEqual(Object.keys(fields).sort(), ['duration', 'from_query', 'level', 'size', 'trace_id']);
  assert.deepEqual(fields.trace_id, { label: 'trace_id', type: 'string', cardinality: 2, parsers: null });
  assert.deepEqual(fields.duration, { label: 'duration', type: 'duration', cardinality: 2, parsers: ['logfmt'] });
  assert.equal(fields.size!.type, 'bytes');
  assert.deepEqual(fields.from_query!.parsers, ['logfmt']);
});

test('a field found as metadata and parsed lists the parser; the field limit keeps the first ones found', () => {
  const stream: LabelPair[] = [['app', 'api']];
  const fields = byLabel(detectFields([entry(stream, 'pod=a', [['pod', 'b']])], 1000));
  assert.deepEqual(fields.pod!.parsers, ['logfmt']);
  assert.equal(fields.pod!.cardinality, 2);
  assert.deepEqual(detectFields([entry(stream, 'a=1 b=2 c=3')], 2).map((f) => f.label), ['a', 'b']);
});

test('the type is the one of the last entry read, streams in label order', () => {
  const a: LabelPair[] = [['app', 'a']];
  const b: LabelPair[] = [['app', 'b']];
  // stream b is read last, so its oldest entry decides
  const fields = detectFields([entry(b, 'v=1'), entry(a, 'v=x'), entry(b, 'v=2.5')], 1000);
  assert.equal(fields[0]!.type, 'float');
});

test('values: distinct, byte sizes with a unit in humanize form, stopping at the limit', () => {
  const stream: LabelPair[] = [['app', 'api']];
  const entries = [entry(stream, 'size=25.7KB n=1'), entry(stream, 'size=300 n=2'), entry(stream, 'size=25.7KB n=3'), entry(stream, 'n=4')];
  assert.deepEqual(detectedFieldValues(entries, 'size', 1000), ['26kB', '300']);
  assert.deepEqual(detectedFieldValues(entries, 'n', 2), ['1', '2']);
  assert.deepEqual(detectedFieldValues(entries, 'missing', 10), []);
});
