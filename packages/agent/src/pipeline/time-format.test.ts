import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeParser } from './time-format.js';

test('Go layouts and named formats', () => {
  const f = (format: string, text: string, expected: bigint | undefined, location?: string): void =>
    assert.equal(timeParser(format, location)(text), expected, `${format} ${text}`);
  const at = (iso: string, ns = 0n): bigint => BigInt(Date.parse(iso)) * 1_000_000n + ns;
  f('RFC3339', '2024-05-01T10:00:00+02:00', at('2024-05-01T08:00:00Z'));
  f('RFC3339Nano', '2024-05-01T10:00:00.5Z', at('2024-05-01T10:00:00Z', 500_000_000n));
  f('Unix', '1714557600.25', 1714557600250000000n);
  f('UnixNs', '1714557600000000001', 1714557600000000001n);
  f('2006-01-02 15:04:05.000', '2024-05-01 10:00:00.123', at('2024-05-01T10:00:00Z', 123_000_000n));
  f('2006-01-02 15:04:05', '2024-05-01 10:00:00.987', at('2024-05-01T10:00:00Z', 987_000_000n)); // Go accepts a fraction after seconds
  f('02/Jan/2006:15:04:05 -0700', '01/May/2024:10:00:00 +0200', at('2024-05-01T08:00:00Z'));
  f('Mon, 02 Jan 2006 15:04:05 MST', 'Wed, 01 May 2024 10:00:00 UTC', at('2024-05-01T10:00:00Z'));
  f('RFC1123Z', 'Wed, 01 May 2024 10:00:00 -0130', at('2024-05-01T11:30:00Z'));
  f('3:04PM Jan 2 2006', '4:05PM May 1 2024', at('2024-05-01T16:05:00Z'));
  f('2006-01-02 15:04:05', '2024-07-01 12:00:00', at('2024-07-01T10:00:00Z'), 'Europe/Berlin');
  f('2006-01-02', '2024-13-01', undefined);
  f('2006-01-02', '2024-05-01 trailing', undefined);
});
