import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IPPattern, parseAddr } from './filter-ip.js';

test('parseAddr follows netip strictness', () => {
  for (const ok of ['1.2.3.4', '255.255.255.255', '::1', '2001:db8::', 'fe80::1:2', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8']) {
    assert.ok(parseAddr(ok) !== undefined, ok);
  }
  for (const bad of ['1.2.3', '256.1.1.1', '01.2.3.4', '1.2.3.4.5', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', '']) {
    assert.equal(parseAddr(bad), undefined, bad);
  }
});

test('ip patterns: address, CIDR, range, found anywhere in text', () => {
  const f = (pattern: string, text: string, want: boolean) =>
    assert.equal(new IPPattern(pattern).test(Buffer.from(text)), want, `${pattern} in ${text}`);
  f('192.168.1.100', 'client 192.168.1.100 connected', true);
  f('192.168.1.100', 'client 192.168.1.10 connected', false);
  f('10.0.0.0/8', 'from=10.200.3.4:5000', true);
  f('10.0.0.0/8', 'from=11.0.0.1', false);
  f('172.16.0.0/12', 'ip=172.31.255.255 ', true);
  f('172.16.0.0/12', 'ip=172.32.0.1 ', false);
  f('192.168.0.1-192.168.0.23', 'x 192.168.0.5 y', true);
  f('192.168.0.1-192.168.0.23', 'x 192.168.0.24 y', false);
  f('2001:db8::/32', 'peer 2001:db8:1::5 said hi', true);
  f('2001:db8::/32', 'peer 2001:db9::5 said hi', false);
  // v4 never matches a v6 prefix
  f('::/0', 'addr 1.2.3.4 x', false);
  assert.throws(() => new IPPattern('not-an-ip'), /ip: invalid pattern: "not-an-ip"/);
});
