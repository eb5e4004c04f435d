import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogfmtDecoder } from './logfmt-decoder.js';

/** All pairs the decoder yields (non-strict) and its last error. */
function decode(line: string): { pairs: [string | undefined, string | undefined][]; err: string | undefined } {
  const d = new LogfmtDecoder();
  d.reset(line);
  const pairs: [string | undefined, string | undefined][] = [];
  while (d.nextPair(false)) pairs.push([d.key, d.value]);
  return { pairs, err: d.err };
}

test('logfmt decoding as go-logfmt (Loki fork)', () => {
  const f = (line: string, pairs: [string | undefined, string | undefined][], err?: string) => {
    const got = decode(line);
    assert.deepEqual(got.pairs, pairs, line);
    assert.equal(got.err, err, line);
  };
  f('a=1 b="x y" c', [['a', '1'], ['b', 'x y'], ['c', undefined]]);
  f('a= b=""', [['a', undefined], ['b', undefined]]);
  f('msg="a \\"q\\" \\u00e9"', [['msg', 'a "q" é']]);
  f('a=1 b=x=y c=2', [['a', '1'], ['c', '2']], "logfmt syntax error at pos 8 : unexpected '='");
  f('a"b=1 c=2', [['c', '2']], 'logfmt syntax error at pos 2 : unexpected \'"\'');
  f('=x c=2', [['c', '2']], "logfmt syntax error at pos 1 : unexpected '='");
  f('msg="unterminated', [], 'logfmt syntax error at pos 18 : unterminated quoted value');
  // positions are in bytes
  f('k=é x="', [['k', 'é']], 'logfmt syntax error at pos 9 : unterminated quoted value');
});

test('strict decoding stops at the first malformed pair', () => {
  const d = new LogfmtDecoder();
  d.reset('a=1 b=x=y c=2');
  const keys: string[] = [];
  while (d.nextPair(true)) keys.push(d.key!);
  assert.deepEqual(keys, ['a']);
  assert.equal(d.err, "logfmt syntax error at pos 8 : unexpected '='");
});
