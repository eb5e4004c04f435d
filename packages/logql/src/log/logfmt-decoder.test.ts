import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogfmtDecoder } from './logfmt-decoder.js';

/** All pairs the decoder yields (non-strict) and its last error. */
function decode(line: string): { pairs: [string | undefined, string | undefined][]; err: string | undefined } {
  const d = new LogfmtDecoder();
  d.reset(Buffer.from(line));
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
  d.reset(Buffer.from('a=1 b=x=y c=2'));
  const keys: string[] = [];
  while (d.nextPair(true)) keys.push(d.key!);
  assert.deepEqual(keys, ['a']);
  assert.equal(d.err, "logfmt syntax error at pos 8 : unexpected '='");
});

test('keys and values after non-ASCII text, invalid UTF-8 keys, and key checks without strings', () => {
  // values after a multi-byte character are decoded from their own bytes; error positions count bytes
  const f = (bytes: Buffer) => {
    const d = new LogfmtDecoder();
    d.reset(bytes);
    const pairs: [string | undefined, string | undefined][] = [];
    while (d.nextPair(false)) pairs.push([d.key, d.value]);
    return { pairs, err: d.err };
  };
  assert.deepEqual(f(Buffer.from('msg="계정 잠김" user=bob 키=값 q="a\\"b"')), {
    pairs: [['msg', '계정 잠김'], ['user', 'bob'], ['키', '값'], ['q', 'a"b']], err: undefined,
  });
  const invalidKey = Buffer.concat([Buffer.from('a=1 b'), Buffer.from([0xff]), Buffer.from('c=2 d=3')]);
  assert.deepEqual(f(invalidKey), { pairs: [['a', '1'], ['d', '3']], err: 'logfmt syntax error at pos 8 : invalid key' });

  const d = new LogfmtDecoder();
  const line = 'ts=1 duration=12ms 1x=2';
  let decoded = 0;
  d.reset(Buffer.from(line), { string: () => { decoded++; return line; } });
  assert.ok(d.nextPair(false));
  assert.equal(d.keyIs('ts'), true);
  assert.equal(d.keyIs('t'), false);
  assert.ok(d.nextPair(false));
  assert.equal(d.keyIs('duration'), true);
  assert.equal(d.keyIsLabelName(), true);
  assert.equal(decoded, 0);
  assert.equal(d.value, '12ms');
  assert.ok(d.nextPair(false));
  assert.equal(d.keyIsLabelName(), false);
  assert.equal(d.key, '1x');
  assert.equal(decoded, 1); // the line's text is asked for once, however many pieces are cut from it
});
