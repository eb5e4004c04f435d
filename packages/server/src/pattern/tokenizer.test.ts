// The line tokenizers: where lines split, what they keep, and how patterns are written back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collapsePlaceholders, detectLineFormat, JsonTokenizer, LogfmtTokenizer, PARAM, PunctuationTokenizer } from './tokenizer.js';

test('plain lines split at spaces and punctuation; _-.:/ and letters of any script stay in tokens', () => {
  const t = new PunctuationTokenizer(3000);
  const r = t.tokenize('GET /api/v1/x?id=7 took 12.5ms, user=u-1 계정 잠김 a$b')!;
  assert.deepEqual(r.tokens, ['GET', '/api/v1/x', '?', 'id', '=', '7', 'took', '12.5ms', ',', 'user', '=', 'u-1', '계정', '잠김', 'a$b']);
  assert.equal(t.join(r), 'GET /api/v1/x?id=7 took 12.5ms, user=u-1 계정 잠김 a$b', 'joining gives the line back');
  assert.equal(t.tokenize('x'.repeat(3001)), undefined, 'longer than max_allowed_line_length: not mined');
});

test('repeated spaces survive the round trip', () => {
  const t = new PunctuationTokenizer(3000);
  assert.equal(t.join(t.tokenize('Dec  7 06:00:01 host sshd[42]: ok')!), 'Dec  7 06:00:01 host sshd[42]: ok');
});

test('logfmt lines become key, value pairs; time stamps and trace ids are masked', () => {
  const t = new LogfmtTokenizer(3000);
  const r = t.tokenize('ts=2026-12-07T06:00:00Z level=info msg="request done" traceID=abc duration=12ms')!;
  assert.deepEqual(r.tokens, ['ts', PARAM, 'level', 'info', 'msg', 'request done', 'traceID', PARAM, 'duration', '12ms']);
  assert.equal(t.join(r), 'ts=<_> level=info msg="request done" traceID=<_> duration=12ms');
  assert.equal(t.tokenize('a="unterminated'), undefined);
});

test('JSON lines are mined by their first message field, the pattern framed by placeholders', () => {
  const t = new JsonTokenizer(3000, ['msg', 'event']);
  const r = t.tokenize('{"event":"user u1 logged in","msg":7,"level":"info"}')!;
  assert.deepEqual(r.tokens, ['user', 'u1', 'logged', 'in'], 'msg is not a string: the next field is used');
  assert.equal(t.join(r), '<_>user u1 logged in<_>');
  assert.equal(t.join(t.tokenize('{"level":"info", "event" : "say \\"hi\\" to \\uacc4 x"}')!), '<_>say \\"hi\\" to \\uacc4 x<_>', 'as written in the line');
  assert.equal(t.tokenize('{"level":"info","note":"event"}'), undefined, 'no message field (a value is not a key): not mined');
  assert.equal(t.tokenize('{"event":'), undefined, 'cut short');
});

test('the format is guessed from a line as Loki does', () => {
  assert.equal(detectLineFormat('{"a":1}'), 'json');
  assert.equal(detectLineFormat('level=info msg="x y" n=1'), 'logfmt');
  assert.equal(detectLineFormat('127.0.0.1 - - [x] "GET / HTTP/1.1" 200'), 'unknown');
});

test('runs of placeholders collapse to one', () => {
  assert.equal(collapsePlaceholders('a <_><_><_> b<_>'), 'a <_> b<_>');
});
