import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quoteGo } from './go-quote.js';

test('quoteGo writes what Go strconv.Quote writes, for plain ASCII (the fast path) and everything else', () => {
  const cases: [string, string][] = [
    ['', '""'],
    ['GET /api 200', '"GET /api 200"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\logs', '"C:\\\\logs"'],
    ['a\tb\nc', '"a\\tb\\nc"'],
    ['\x00\x7f', '"\\x00\\x7f"'],
    ['héllo 日本', '"héllo 日本"'],
    ['\u00ad', '"\\u00ad"'],
    ['😀', '"😀"'],
    ['\ud800x', '"\\ufffdx"'],
    ['{"msg": "계정 \\ 잠김"}', '"{\\"msg\\": \\"계정 \\\\ 잠김\\"}"'],
    ['"계정"\t', '"\\"계정\\"\\t"'],
    ['"😀"', '"\\"😀\\""'],
  ];
  for (const [input, want] of cases) assert.equal(quoteGo(input), want, JSON.stringify(input));
  const long = 'level=info msg=served '.repeat(10_000);
  assert.equal(quoteGo(long), `"${long}"`);
  assert.equal(quoteGo(`${long}"`), `"${long}\\""`);
});

test('the regex path for strings with quotes quotes every BMP character as the character loop does', () => {
  for (let cp = 0; cp < 0x10000; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const ch = String.fromCharCode(cp);
    // a trailing newline sends the string through the loop; a leading quote alone may take the regex
    const viaLoop = quoteGo(`"${ch}\n`);
    assert.equal(quoteGo(`"${ch}`), `${viaLoop.slice(0, -3)}"`, `U+${cp.toString(16)}`);
  }
});
