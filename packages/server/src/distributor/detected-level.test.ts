import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLevel } from './detected-level.js';

const level = (line: string): string => detectLevel(undefined, undefined, line);

test('keyword scan: info anywhere, other levels only as a whole word at their first occurrence', () => {
  assert.equal(level('10.0.0.5 - - [20/Nov/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 512 "-" "curl/8.5.0" 0.1'), 'unknown');
  assert.equal(level('disk INFO collected'), 'info');
  assert.equal(level('an ERROR here'), 'error');
  assert.equal(level('[Warning] low disk'), 'warn');
  assert.equal(level('connect() failed, server: example.com'), 'unknown'); // "err" inside "server"
  assert.equal(level('\u001b[31mERROR\u001b[0m job=1 failed'), 'unknown'); // "mERROR": not a whole word
  assert.equal(level('Traceback, then a FATAL one'), 'fatal');
  assert.equal(level('cr\u0130tical but not quite'), 'unknown'); // İ lowercases to i + combining dot
  assert.equal(level('\u212Aelvin says debug'), 'debug');
});

test('logfmt lines: the best-ranked level key, whatever its case; other keys fall back to the keyword scan', () => {
  assert.equal(level('ts=2026-11-20T00:00:00Z level=WARN msg="x"'), 'warn');
  assert.equal(level('LVL=error msg=boom'), 'error');
  assert.equal(level('log.level=debug x=1'), 'debug');
  assert.equal(level('severity_text=fatal severity=info'), 'info');
  assert.equal(level('job=12 queue=emails done in 5ms'), 'unknown');
  assert.equal(level('job=12 queue=emails failed: error'), 'error');
  assert.equal(level('q="level=warn" then error'), 'error'); // a quoted value holds no key
  assert.equal(level('GET /search?q=loki 200 trace=abc'), 'trace'); // no level key: the keyword scan sees "trace"
});
