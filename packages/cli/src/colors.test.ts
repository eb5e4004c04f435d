import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colorWanted, paletteFor } from './colors.js';

test('colors are on for a terminal unless NO_COLOR is set; FORCE_COLOR decides over both', () => {
  assert.equal(colorWanted({ isTTY: true }, {}), true);
  assert.equal(colorWanted({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(colorWanted({ isTTY: false }, {}), false);
  assert.equal(colorWanted({}, { FORCE_COLOR: '1' }), true);
  assert.equal(colorWanted({ isTTY: true }, { FORCE_COLOR: '0' }), false);
});

test('the level in a line is colored by severity, whatever way the line spells it', () => {
  const { line } = paletteFor(true);
  assert.equal(line('level=error msg=x'), '\x1b[31mlevel=error\x1b[0m msg=x');
  assert.equal(line('{"level":"warn","msg":"x"}'), '{\x1b[33m"level":"warn"\x1b[0m,"msg":"x"}');
  assert.equal(line('ts=1 lvl=INFO'), 'ts=1 \x1b[32mlvl=INFO\x1b[0m');
  assert.equal(line('severity: debug'), '\x1b[90mseverity: debug\x1b[0m');
  assert.equal(line('level=chatty'), 'level=chatty');
  assert.equal(paletteFor(false).line('level=error'), 'level=error');
});

test('a stream keeps its label color', () => {
  const { labels } = paletteFor(true);
  assert.equal(labels('{job="a"}'), labels('{job="a"}'));
  assert.match(labels('{job="a"}'), /^\x1b\[\d+m\{job="a"\}\x1b\[0m$/);
});
