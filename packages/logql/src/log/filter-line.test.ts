import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LineFilterStage } from '../syntax/ast.js';
import { compileLineTest } from './filter-line.js';
import { StageError } from './stage.js';

const s = (value: string) => ({ kind: 'string' as const, value });
const ip = (value: string) => ({ kind: 'ip' as const, value });

const S3a = '10.0.0.5 - - [14/Nov/2023:22:00:25 +0000] "POST /v1/items HTTP/1.1" 201 512';
const S3b = '192.168.1.7 - - [14/Nov/2023:22:00:50 +0000] "GET /v1/items HTTP/1.1" 404 0';

test('line filters decide on bytes', () => {
  const f = (op: LineFilterStage['op'], items: LineFilterStage['items'], line: string, want: boolean) =>
    assert.equal(compileLineTest({ kind: 'line_filter', op, items })(Buffer.from(line)), want, `${op} ${JSON.stringify(items)} on ${line}`);
  f('|=', [s('error')], 'level=error msg=x', true);
  f('|=', [s('error')], 'level=info', false);
  f('!=', [s('GET')], 'POST /x', true);
  f('|=', [s('')], 'anything', true);
  f('!=', [s('')], 'anything', false);
  // `or`: any item for positive ops, none for negative ones (logql.md §9 examples 4 and 5)
  f('|=', [s('GET'), s('timeout')], 'level=warn msg="timeout on /api"', true);
  f('!=', [s('GET'), s('timeout')], 'level=warn msg="timeout on /api"', false);
  f('!=', [s('GET'), s('timeout')], '{"level":"info"}', true);
  // regexes: unanchored, `(?i)`, UTF-8 text, `.` not matching newline
  f('|~', [s('status=5\\d\\d')], 'level=error status=500', true);
  f('|~', [s('status=5\\d\\d')], '{"status":503}', false);
  f('|~', [s('(?i)failed password')], 'sshd: FAILED PASSWORD for root', true);
  f('|~', [s('비밀번호 .림')], 'event=비밀번호 틀림', true);
  f('|~', [s('a.c')], 'a\nc', false);
  f('!~', [s('CRON|sshd\\[\\d+\\]: Accepted')], 'sshd[12]: Accepted key', false);
  f('|~', [s('disk full'), s('connection reset')], 'failed: connection reset', true);
  // pattern filters (example 9)
  f('|>', [s('<_> "GET <_>" <_>')], S3b, true);
  f('|>', [s('<_> "GET <_>" <_>')], S3a, false);
  f('!>', [s('<_> "GET <_>" <_>')], S3a, true);
  f('|>', [s('<_> level=info <_>')], 'ts=1 level=info msg=x', true);
  f('|>', [s('<_> level=info <_>')], 'ts=1 level=info', false);
  f('|>', [s('')], '', true);
  f('|>', [s('')], 'x', false);
  // ip() (example 10)
  f('|=', [ip('10.0.0.0/8')], S3a, true);
  f('|=', [ip('10.0.0.0/8')], S3b, false);
  f('!=', [ip('192.168.0.0/16')], S3a, true);
  f('!=', [ip('192.168.0.0/16')], S3b, false);
});

test('line filter compile errors', () => {
  assert.throws(() => compileLineTest({ kind: 'line_filter', op: '|~', items: [s('(')] }), (e: unknown) =>
    e instanceof StageError && e.message.startsWith('error parsing regexp: missing closing ): `('));
  assert.throws(() => compileLineTest({ kind: 'line_filter', op: '|~', items: [ip('10.0.0.1')] }), /ip: invalid operation/);
  assert.throws(() => compileLineTest({ kind: 'line_filter', op: '|=', items: [ip('10.0.0')] }), /ip: invalid pattern/);
  assert.throws(() => compileLineTest({ kind: 'line_filter', op: '|>', items: [s('<a> x')] }), StageError);
});
