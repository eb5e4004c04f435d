import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metricHints, ParserHints } from './parser-hints.js';

test('a required label that is a stream label is never waited for by parsers, but still counts for Loki\'s check', () => {
  // quantile_over_time(…| logfmt | unwrap duration(duration) [5m]) by (env)
  const config = metricHints([], ['env'], false, false, 'duration');
  assert.deepEqual(config.required, ['env', 'duration']);
  const onEnvStream = new ParserHints(config, [['app', 'api'], ['env', 'prod']]);
  assert.equal(onEnvStream.nothingLeftToExtract(), false);
  onEnvStream.recordExtracted('other');
  assert.equal(onEnvStream.nothingLeftToExtract(), false);
  onEnvStream.recordExtracted('duration');
  assert.equal(onEnvStream.nothingLeftToExtract(), true);
  assert.equal(onEnvStream.allRequiredExtracted(), false);
  assert.equal(onEnvStream.skipParsing(), false);
  onEnvStream.reset();
  assert.equal(onEnvStream.nothingLeftToExtract(), false);

  const plain = new ParserHints(config, [['app', 'api']]);
  plain.recordExtracted('duration');
  assert.equal(plain.nothingLeftToExtract(), false);
  plain.recordExtracted('env');
  plain.recordExtracted('env');
  assert.equal(plain.nothingLeftToExtract(), true);
  assert.equal(plain.allRequiredExtracted(), true);
  assert.equal(plain.skipParsing(), true);
});

test('mayExtract rules out a key only when neither it nor its _extracted form is required', () => {
  const h = new ParserHints(metricHints([], ['level_extracted'], false, false, ''));
  assert.equal(h.mayExtract('level'), true);
  assert.equal(h.mayExtract('msg'), false);
  assert.equal(new ParserHints(metricHints([], [], true, false, '')).mayExtract('msg'), true);
});
