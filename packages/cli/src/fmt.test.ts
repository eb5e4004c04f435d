import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from './testing/run-cli.js';

test('fmt prints a query as Loki formats it', async () => {
  const r = await runCli(['fmt', 'sum by(job)(rate({job="app"}|="err"[5m]))']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'sum by (job)(rate({job="app"} |= "err"[5m]))\n');
  assert.equal(r.code, 0);
});

test('fmt splits a long query over lines', async () => {
  const query = '{job="app", namespace="production", cluster="eu-west-1"} |= "timeout" | logfmt | duration > 10s | line_format "{{.msg}}"';
  const r = await runCli(['fmt', query]);
  assert.equal(r.stdout, '{job="app", namespace="production", cluster="eu-west-1"}\n  |= "timeout"\n  | logfmt\n  | duration>10s\n  | line_format "{{.msg}}"\n');
  assert.equal(r.code, 0);
});

test('fmt reads the query from stdin when given no argument', async () => {
  const r = await runCli(['fmt'], {}, '{job="app"}|json\n');
  assert.equal(r.stdout, '{job="app"} | json\n');
  assert.equal(r.code, 0);
});

test('fmt marks where a query stops parsing and exits 1', async () => {
  const r = await runCli(['fmt', 'sum(rate({job="app"} |= [5m]))']);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, [
    'logi fmt: parse error at line 0, col 25: syntax error: unexpected RANGE, expecting STRING or ip',
    '  sum(rate({job="app"} |= [5m]))',
    '                          ^',
    '',
  ].join('\n'));
  assert.equal(r.code, 1);
});

test('fmt points at the right line of a query over several lines', async () => {
  const r = await runCli(['fmt'], {}, '{job="app"}\n  | logfmt\n\t| level = 3 | foo(');
  assert.equal(r.stderr, [
    'logi fmt: parse error at line 3, col 19: syntax error: unexpected (',
    '  \t| level = 3 | foo(',
    '  \t                 ^',
    '',
  ].join('\n'));
  assert.equal(r.code, 1);
});
