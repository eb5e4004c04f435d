import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabelSet } from './label-set.js';

test('with and without derive new sets in insertion order and leave the original alone', () => {
  const base = LabelSet.of({ filename: '/a.log', job: 'j' });
  const more = base.with('level', 'info').with('job', 'k');
  assert.deepEqual([...more], [['filename', '/a.log'], ['job', 'k'], ['level', 'info']]);
  assert.deepEqual([...base], [['filename', '/a.log'], ['job', 'j']]);
  assert.deepEqual([...more.without('filename').keys()], ['job', 'level']);
  assert.equal(more.get('level'), 'info');
  assert.equal(more.has('filename'), true);
  assert.equal(more.without('filename').has('filename'), false);
  assert.equal(more.size, 3);
});

test('the same step from the same set gives the same object; no-op steps give the set itself', () => {
  const base = LabelSet.of([['filename', '/a.log']]);
  assert.equal(base.with('level', 'info'), base.with('level', 'info'));
  assert.notEqual(base.with('level', 'info'), base.with('level', 'warn'));
  assert.equal(base.with('level', 'info').without('level'), base.with('level', 'info').without('level'));
  assert.equal(base.with('filename', '/a.log'), base);
  assert.equal(base.without('nope'), base);
});

test('keys tell label sets apart by names, values and order', () => {
  const a = LabelSet.of({ x: '1', y: '2' });
  assert.equal(a.key, LabelSet.of({ x: '1', y: '2' }).key);
  assert.notEqual(a.key, LabelSet.of({ y: '2', x: '1' }).key);
  assert.notEqual(a.key, LabelSet.of({ x: '1', y: '3' }).key);
  assert.notEqual(LabelSet.of({ x: '1y' }).key, LabelSet.of({ x: '1', y: '' }).key);
});

test('a label with unbounded values still gets correct sets once no more are shared', () => {
  const base = LabelSet.of({ app: 'a' });
  for (let i = 0; i < 3000; i++) assert.equal(base.with('id', String(i)).get('id'), String(i));
  assert.equal(base.with('id', '5'), base.with('id', '5')); // among the first ones: shared
  assert.notEqual(base.with('id', '2999'), base.with('id', '2999')); // past the bound: built each time
  assert.equal(base.with('id', '2999').key, base.with('id', '2999').key);
});
