import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpr } from '../syntax/parser.js';
import type { LogSelectorExpr } from '../syntax/ast.js';
import { compileLogPipeline } from './pipeline.js';

const stages = (q: string) => (parseExpr(q) as LogSelectorExpr).pipeline;
const line = (s: string): Buffer => Buffer.from(s);

test('a filter on a stream label drops the stream whole, with the same answer as parsing every line', () => {
  const p = compileLogPipeline(stages('{app="a"} | json | level="error"'));
  const info = p.forStream([['app', 'a'], ['level', 'info']]);
  const error = p.forStream([['app', 'a'], ['level', 'error']]);
  // the parsed key clashes with the stream label and becomes level_extracted: the stream label decides
  assert.equal(info.process(1n, line('{"level":"error"}'), undefined), null);
  const kept = error.process(1n, line('{"level":"info"}'), undefined);
  assert.ok(kept);
  assert.ok(kept.labels.parsed.some(([n, v]) => n === 'level_extracted' && v === 'info'));
});

test('structured metadata of the same name cannot change the verdict: it becomes name_extracted', () => {
  const p = compileLogPipeline(stages('{app="a"} | json | level="error"'));
  assert.equal(p.forStream([['app', 'a'], ['level', 'info']]).process(1n, line('{}'), [['level', 'error']]), null);
  const kept = p.forStream([['app', 'a'], ['level', 'error']]).process(1n, line('{}'), [['level', 'warn']]);
  assert.ok(kept?.labels.structuredMetadata.some(([n, v]) => n === 'level_extracted' && v === 'warn'));
});

test('filters on labels the stream lacks, or after relabelling stages, are left to each line', () => {
  const parsed = compileLogPipeline(stages('{app="a"} | json | level="error"')).forStream([['app', 'a']]);
  assert.ok(parsed.process(1n, line('{"level":"error"}'), undefined));
  const relabelled = compileLogPipeline(stages('{app="a"} | label_format level=`error` | level="error"')).forStream([['app', 'a'], ['level', 'info']]);
  assert.ok(relabelled.process(1n, line('x'), undefined));
});
