import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpr, type LogSelectorExpr } from '@logi/logql';
import type { DecodedBlock } from '../ingester/types.js';
import { requiredNeedle, rowsContaining } from './line-needles.js';

function block(lines: string[]): DecodedBlock {
  const bufs = lines.map((l) => Buffer.from(l));
  const lineEnds = new Uint32Array(lines.length);
  let end = 0;
  bufs.forEach((b, i) => { end += b.length; lineEnds[i] = end; });
  return { base: 0n, ts: new Float64Array(lines.length), lines: Buffer.concat(bufs), lineEnds, rawBytes: end };
}

const needleOf = (q: string): string | undefined => requiredNeedle((parseExpr(q) as LogSelectorExpr).pipeline)?.toString();

test('the needle is the longest literal of the leading |= filters, Loki hoisting included', () => {
  assert.equal(needleOf('{a="b"} |= "x" |= "longer"'), 'longer');
  assert.equal(needleOf('{a="b"} | json |= "after json"'), 'after json'); // hoisted above the parser
  assert.equal(needleOf('{a="b"} | level="error" |= "after a label filter"'), undefined);
  assert.equal(needleOf('{a="b"} |= "a" or "b"'), undefined);
  assert.equal(needleOf('{a="b"} != "x"'), undefined);
  assert.equal(needleOf('{a="b"} |~ "x"'), undefined);
  assert.equal(needleOf('{a="b"} |= ""'), undefined);
  assert.equal(needleOf('{a="b"} |= "계정 잠김" != "x"'), '계정 잠김');
});

test('rowsContaining finds each row holding the needle once, never a hit across two lines', () => {
  const b = block(['abc', 'xab', 'cab', '', 'abcabc', 'ab', 'c', 'zzabc']);
  const ab = (from: number, to: number, n: string): number[] => rowsContaining(b, from, to, Buffer.from(n));
  assert.deepEqual(ab(0, 8, 'abc'), [0, 4, 7]); // 'xab'+'cab' and 'ab'+'c' only meet across lines
  assert.deepEqual(ab(1, 7, 'abc'), [4]);
  assert.deepEqual(ab(0, 8, 'b'), [0, 1, 2, 4, 5, 7]);
  assert.deepEqual(ab(3, 4, 'a'), []);
  assert.deepEqual(ab(0, 0, 'a'), []);
  assert.deepEqual(ab(0, 8, 'cabc'), [4]);
});
