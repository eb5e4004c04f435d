import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpr, type LogSelectorExpr } from '@logi/logql';
import type { DecodedBlock } from '../ingester/types.js';
import { candidateRows, needleForStream, requiredNeedle, rowsContaining } from './line-needles.js';

function block(lines: string[]): DecodedBlock {
  const bufs = lines.map((l) => Buffer.from(l));
  const lineEnds = new Uint32Array(lines.length);
  let end = 0;
  bufs.forEach((b, i) => { end += b.length; lineEnds[i] = end; });
  return { base: 0n, ts: new Float64Array(lines.length), lines: Buffer.concat(bufs), lineEnds, rawBytes: end };
}

const needleOf = (q: string): string | undefined => requiredNeedle((parseExpr(q) as LogSelectorExpr).pipeline)?.bytes.toString();
const labelOf = (q: string): string | undefined => requiredNeedle((parseExpr(q) as LogSelectorExpr).pipeline)?.label;

test('the needle is the longest literal of the leading |= filters, Loki hoisting included', () => {
  assert.equal(needleOf('{a="b"} |= "x" |= "longer"'), 'longer');
  assert.equal(needleOf('{a="b"} | json |= "after json"'), 'after json'); // hoisted above the parser
  // not hoisted above a label filter: the needle is then the label filter's (see below)
  assert.equal(needleOf('{a="b"} | level="error" |= "after a label filter"'), 'error');
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

test('without a line filter, the needle is the string a label filter after line parsers wants of a parsed label', () => {
  assert.equal(needleOf('{a="b"} | json | user_id="u-42"'), 'u-42');
  assert.equal(labelOf('{a="b"} | json | user_id="u-42"'), 'user_id');
  assert.equal(needleOf('{a="b"} | logfmt | json | x="short" and y="longer one"'), 'longer one');
  assert.equal(needleOf('{a="b"} | pattern "<_> <x>" |~ "z" | x="val"'), 'val');
  assert.equal(labelOf('{a="b"} |= "line" | json | user_id="u-42"'), undefined); // the line filter's needle wins
  assert.equal(needleOf('{a="b"} | json | x="a" or y="b"'), undefined);
  assert.equal(needleOf('{a="b"} | json | x!="a"'), undefined);
  assert.equal(needleOf('{a="b"} | json | x=~"a"'), undefined);
  assert.equal(needleOf('{a="b"} | json | x=""'), undefined);
  assert.equal(needleOf('{a="b"} | json | x="1e3"'), undefined); // a parser may render a number otherwise
  assert.equal(needleOf('{a="b"} | json | __error__="JSONParserErr"'), undefined);
  assert.equal(needleOf('{a="b"} | json | label_format x="{{.y}}" | x="v"'), undefined);
  assert.equal(needleOf('{a="b"} | decolorize | logfmt | x="v"'), undefined);
  assert.equal(needleOf('{a="b"} | json | drop y | x="v"'), undefined);
});

test('a label needle is dropped for a stream holding that label (the filter tests the stream\'s own)', () => {
  const n = requiredNeedle((parseExpr('{a="b"} | json | level="error"') as LogSelectorExpr).pipeline);
  assert.equal(needleForStream(n, [['app', 'x'], ['level', 'info']]), undefined);
  assert.equal(needleForStream(n, [['app', 'x']]), n);
});

test('candidateRows with a label needle adds rows holding an escape or metadata of that name', () => {
  const b = block(['{"u":"alice"}', '{"u":"bob"}', '{"u":"\\u0061lice"}', '{"v":1}', 'u=alice']);
  b.sm = [undefined, undefined, undefined, [['u', 'alice']], undefined];
  assert.deepEqual(candidateRows(b, 0, 5, { bytes: Buffer.from('alice'), label: 'u' }), [0, 2, 3, 4]);
  assert.deepEqual(candidateRows(b, 0, 5, { bytes: Buffer.from('alice') }), [0, 4]);
  assert.deepEqual(candidateRows(b, 1, 3, { bytes: Buffer.from('alice'), label: 'u' }), [2]);
});
