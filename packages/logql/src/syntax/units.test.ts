import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGoFloat, formatGoFloatFixed, formatGoFloatShortestFixed, parseGoFloat } from './go-float.js';
import { formatBytes, formatBytesFilterValue, formatDuration, formatPromDuration, parseBytes, parseDuration, parsePromDuration } from './units.js';

test('parseDuration follows time.ParseDuration', () => {
  const f = (s: string, ns: number): void => assert.equal(parseDuration(s), ns, s);
  f('1.5s', 1.5e9);
  f('300ms', 3e8);
  f('2h45m', 2 * 3600e9 + 45 * 60e9);
  f('-5m', -300e9);
  f('+1h', 3600e9);
  f('1µs', 1e3);
  f('1μs', 1e3);
  f('1us', 1e3);
  f('7ns', 7);
  f('0', 0);
  f('.5s', 5e8);
  f('1.000000001s', 1_000_000_001);
  const bad = (s: string, msg: string): void => assert.throws(() => parseDuration(s), { message: msg });
  bad('1d', 'time: unknown unit "d" in duration "1d"');
  bad('10', 'time: missing unit in duration "10"');
  bad('', 'time: invalid duration ""');
  bad('abc', 'time: invalid duration "abc"');
  bad('.s', 'time: invalid duration ".s"');
  bad('3000000h', 'time: invalid duration "3000000h"');
  bad('1é', 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"');
});

test('parsePromDuration follows Prometheus model.ParseDuration', () => {
  assert.equal(parsePromDuration('1h30m'), 5400e9);
  assert.equal(parsePromDuration('1d'), 86400e9);
  assert.equal(parsePromDuration('1w'), 7 * 86400e9);
  assert.equal(parsePromDuration('1y'), 365 * 86400e9);
  assert.equal(parsePromDuration('500ms'), 5e8);
  assert.equal(parsePromDuration('0'), 0);
  assert.throws(() => parsePromDuration('5minutes'), { message: 'unknown unit "minutes" in duration "5minutes"' });
  assert.throws(() => parsePromDuration('30m1h'), { message: 'not a valid duration string: "30m1h"' });
  assert.throws(() => parsePromDuration('1.5h'), { message: 'unknown unit "." in duration "1.5h"' });
  assert.throws(() => parsePromDuration(''), { message: 'empty duration string' });
  assert.throws(() => parsePromDuration('300y'), { message: 'duration out of range' });
});

test('duration printing', () => {
  assert.equal(formatDuration(3600e9), '1h0m0s');
  assert.equal(formatDuration(1.5e9), '1.5s');
  assert.equal(formatDuration(3e8), '300ms');
  assert.equal(formatDuration(2500), '2.5µs');
  assert.equal(formatDuration(-300e9), '-5m0s');
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(90061e9 + 5), '25h1m1.000000005s');
  assert.equal(formatPromDuration(5400e9), '1h30m');
  assert.equal(formatPromDuration(14 * 86400e9), '2w');
  assert.equal(formatPromDuration(10 * 86400e9), '10d');
  assert.equal(formatPromDuration(1500e6), '1s500ms');
  assert.equal(formatPromDuration(0), '0s');
});

test('parseBytes follows go-humanize ParseBytes', () => {
  const f = (s: string, n: number): void => assert.equal(parseBytes(s), n, s);
  f('1.5 KB', 1500);
  f('10KiB', 10240);
  f('1,024', 1024);
  f('300', 300);
  f('1kib', 1024);
  f('2.5MB', 2_500_000);
  f('1 MiB', 1_048_576);
  f('1.5B', 1);
  f('1k', 1000);
  f('5m', 5_000_000);
  assert.throws(() => parseBytes('1 XB'), { message: 'unhandled size name: xb' });
  assert.throws(() => parseBytes('abc'), { message: 'strconv.ParseFloat: parsing "": invalid syntax' });
  assert.equal(formatBytes(1500), '1.5 kB');
  assert.equal(formatBytes(300), '300 B');
  assert.equal(formatBytes(5), '5 B');
  assert.equal(formatBytes(12_345_678), '12 MB');
  assert.equal(formatBytesFilterValue(1500), '1.5kB');
  assert.equal(formatBytesFilterValue(1024), '1024B');
});

test('Go float parsing and printing', () => {
  assert.equal(parseGoFloat('1e3').value, 1000);
  assert.equal(parseGoFloat('1_000.5').value, 1000.5);
  assert.equal(parseGoFloat('0x1p-2').value, 0.25);
  assert.equal(parseGoFloat('-Inf').value, -Infinity);
  assert.ok(Number.isNaN(parseGoFloat('NaN').value));
  assert.equal(parseGoFloat('0x10').error, 'strconv.ParseFloat: parsing "0x10": invalid syntax');
  assert.equal(parseGoFloat('1__0').error, 'strconv.ParseFloat: parsing "1__0": invalid syntax');
  assert.equal(parseGoFloat('+nan').error, 'strconv.ParseFloat: parsing "+nan": invalid syntax');
  assert.equal(parseGoFloat('1e400').error, 'strconv.ParseFloat: parsing "1e400": value out of range');
  assert.equal(formatGoFloat(22), '22');
  assert.equal(formatGoFloat(0.1 + 0.2), '0.30000000000000004');
  assert.equal(formatGoFloat(1e20), '100000000000000000000');
  assert.equal(formatGoFloat(1e21), '1e+21');
  assert.equal(formatGoFloat(1e-5), '1e-05');
  assert.equal(formatGoFloat(-Infinity), '-Inf');
  assert.equal(formatGoFloatShortestFixed(1e-7), '0.0000001');
  assert.equal(formatGoFloatFixed(1, 6), '1.000000');
  assert.equal(formatGoFloatFixed(0.0078125, 6), '0.007812');
  assert.equal(formatGoFloatFixed(2.5, 0), '2');
  assert.equal(formatGoFloatFixed(1e22, 1), '10000000000000000000000.0');
});
