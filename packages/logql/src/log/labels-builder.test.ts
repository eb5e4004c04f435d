import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LabelPair } from '@logi/protocol';
import { LabelsBuilder } from './labels-builder.js';
import { LabelsResultCache } from './labels-result.js';
import { EXTRACT_ALL, ParserHints } from './parser-hints.js';

test('entries sharing one metadata array each start from it, whatever the previous entry changed', () => {
  const lbs = new LabelsBuilder([['app', 'api'], ['pod', 'stream-pod']], new LabelsResultCache(), new ParserHints(EXTRACT_ALL));
  const sm: LabelPair[] = [['trace', 't1'], ['pod', 'p1'], ['__error__', 'E']];
  const entry = (change: (b: LabelsBuilder) => void) => {
    lbs.reset();
    lbs.addStructuredMetadata(sm);
    const before = { trace: lbs.get('trace'), pod: lbs.get('pod_extracted'), err: lbs.err };
    change(lbs);
    return before;
  };
  const want = { trace: 't1', pod: 'p1', err: 'E' };
  assert.deepEqual(entry((b) => b.setParsed('trace', 'parsed')), want);
  assert.equal(lbs.get('trace'), 'parsed');
  assert.deepEqual(entry((b) => b.delete('pod_extracted')), want);
  assert.equal(lbs.get('pod_extracted'), undefined);
  assert.deepEqual(entry((b) => b.addStructuredMetadata([['trace', 't2']])), want);
  assert.equal(lbs.get('trace'), 't2');
  assert.deepEqual(entry(() => undefined), want);
  assert.deepEqual(lbs.sm, [['trace', 't1'], ['pod_extracted', 'p1']]);
  assert.deepEqual(sm, [['trace', 't1'], ['pod', 'p1'], ['__error__', 'E']]);
});
