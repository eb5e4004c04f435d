import assert from 'node:assert/strict';
import { test } from 'node:test';
import { durationSeconds, parseGoDuration, parseGoDurationSeconds, parseGoFloat, parseHumanBytes } from './units.js';

test('parseGoFloat accepts Go syntax and reports strconv errors', () => {
  const ok = (s: string, v: number) => assert.deepEqual(parseGoFloat(s), { ok: true, value: v }, s);
  ok('200', 200);
  ok('1e3', 1000);
  ok('.5', 0.5);
  ok('-1.50', -1.5);
  ok('Inf', Infinity);
  ok('-inf', -Infinity);
  ok('0x1p-2', 0.25);
  assert.ok(Number.isNaN((parseGoFloat('NaN') as { value: number }).value));
  assert.deepEqual(parseGoFloat('120ms'), { ok: false, error: 'strconv.ParseFloat: parsing "120ms": invalid syntax' });
  assert.deepEqual(parseGoFloat('1e400'), { ok: false, error: 'strconv.ParseFloat: parsing "1e400": value out of range' });
  assert.equal(parseGoFloat('1_000').ok, false);
});

test('parseGoDuration matches time.ParseDuration', () => {
  const ok = (s: string, ns: bigint) => assert.deepEqual(parseGoDuration(s), { ok: true, value: ns }, s);
  ok('120ms', 120_000_000n);
  ok('1.5s', 1_500_000_000n);
  ok('1h30m', 5_400_000_000_000n);
  ok('300us', 300_000n);
  ok('2µs', 2000n);
  ok('-5m', -300_000_000_000n);
  ok('0', 0n);
  assert.deepEqual(parseGoDuration('1d'), { ok: false, error: 'time: unknown unit "d" in duration "1d"' });
  assert.deepEqual(parseGoDuration('100'), { ok: false, error: 'time: missing unit in duration "100"' });
  assert.deepEqual(parseGoDuration('x'), { ok: false, error: 'time: invalid duration "x"' });
  assert.equal(durationSeconds(120_000_000n), 0.12);
  assert.equal(durationSeconds(5_400_000_000_000n), 5400);
});

test('parseGoDurationSeconds equals parseGoDuration then Seconds(), on its fast path and off it', () => {
  const viaBigint = (s: string) => {
    const d = parseGoDuration(s);
    return d.ok ? { ok: true, value: durationSeconds(d.value) } : d;
  };
  const texts = ['123.4ms', '0', '1h30m', '1.5h', '-1s', '+2s', '.5s', '1.s', '.s', '', 'ms', '5', '1e3s', '1µs', '2μs', '3us',
    '1h2m3s4ms5us6ns', '0.000000001s', '1.05ms', '12.3456789012345678ms', '99999999999999999h', '2562047h47m16.854775807s',
    '2562047h47m16.854775808s', '9007199254.740993s', '3000.0ms'];
  // deterministic spread of the shapes unwrap meets: decimals of every unit, and compound durations
  for (let i = 0; i < 5000; i++) {
    const x = ((i * 7919) % 100003) / 7;
    texts.push(`${x.toFixed(i % 7)}${['ns', 'us', 'ms', 's', 'm', 'h'][i % 6]}`, `${i % 97}m${(x % 60).toFixed(i % 10)}s`);
  }
  for (const t of texts) {
    const want = viaBigint(t);
    const got = parseGoDurationSeconds(t);
    assert.deepEqual(got, want, t);
    if (want.ok && got.ok) assert.ok(Object.is(got.value, want.value), t);
  }
});

test('parseHumanBytes matches go-humanize', () => {
  const ok = (s: string, v: number) => assert.deepEqual(parseHumanBytes(s), { ok: true, value: v }, s);
  ok('1.5KB', 1500);
  ok('300B', 300);
  ok('1.5 KB', 1500);
  ok('1,024', 1024);
  ok('10', 10);
  ok('1kib', 1024);
  ok('2.5MB', 2_500_000);
  ok('1MiB', 1048576);
  assert.deepEqual(parseHumanBytes('5 parsecs'), { ok: false, error: 'unhandled size name: parsecs' });
});
