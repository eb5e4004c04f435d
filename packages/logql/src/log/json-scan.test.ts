import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MALFORMED_OBJECT, objectEach, rawText, unescapeString } from './json-scan.js';

/** Top-level members as [key, type, text] plus the walk's error. */
function members(s: string): { out: [string, string, string][]; err: string | undefined } {
  const out: [string, string, string][] = [];
  const err = objectEach(s, 0, (k, v) => {
    out.push([k, v.type, v.type === 'string' ? unescapeString(s, v) : rawText(s, v)]);
    return undefined;
  });
  return { out, err };
}

test('objectEach walks like buger/jsonparser', () => {
  const f = (s: string, out: [string, string, string][], err?: string) => assert.deepEqual(members(s), { out, err }, s);
  f('{"a":1.50,"b":"x\\"y","c":true,"d":null,"e":[1,{"x":2}],"f":{"g":"h"}}', [
    ['a', 'number', '1.50'], ['b', 'string', 'x"y'], ['c', 'boolean', 'true'], ['d', 'null', 'null'], ['e', 'array', '[1,{"x":2}]'], ['f', 'object', '{"g":"h"}'],
  ]);
  f('  { "k" : "v" } trailing text', [['k', 'string', 'v']]);
  f('{}', []);
  f('{"\\u00e9":"\\ud83d\\ude00"}', [['é', 'string', '😀']]);
  // errors: labels read before the error stay with the caller
  f('level=info', [], MALFORMED_OBJECT);
  f('', [], MALFORMED_OBJECT);
  f('{"a":1,"b":', [['a', 'number', '1']], 'Malformed JSON error');
  f('{"a":1 "b":2}', [['a', 'number', '1']], MALFORMED_OBJECT);
  f('{"a":tru}', [], 'Unknown value type');
  f('{"a":"x}', [], 'Value is string, but can\'t find closing \'"\' symbol');
  f('{"a":[1,2}', [], "Value is array, but can't find closing ']' symbol");
});
