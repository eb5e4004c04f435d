// Which period a stream keeps its chunks for, as Loki's compactor decides (expiration.go): the matching rule of
// highest priority; among equal priorities the shortest period; no rule matching: the tenant's retention_period.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, parseFlags } from '../app/config.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retentionPeriods } from './retention.js';

const H = 3600_000;

function limitsOf(yaml: string): ReturnType<typeof loadConfig>['limits'] {
  const file = join(mkdtempSync(join(tmpdir(), 'logi-retention-periods-')), 'c.yaml');
  writeFileSync(file, yaml);
  return loadConfig(parseFlags([`-config.file=${file}`])).limits;
}

test('the highest priority rule wins, then the shortest period, else the tenant period; 0 keeps forever', () => {
  const periodOf = retentionPeriods(limitsOf(`limits_config:
  retention_period: 744h
  retention_stream:
    - selector: '{namespace="dev"}'
      priority: 1
      period: 48h
    - selector: '{namespace="dev", app="api"}'
      priority: 2
      period: 96h
    - selector: '{namespace=~"dev|qa"}'
      priority: 1
      period: 24h
    - selector: '{namespace="audit"}'
      priority: 5
      period: 0s
`));
  assert.equal(periodOf([['app', 'api'], ['namespace', 'dev']]), 96 * H); // priority 2 beats the shorter priority-1 rules
  assert.equal(periodOf([['app', 'web'], ['namespace', 'dev']]), 24 * H); // two priority-1 rules: the shortest
  assert.equal(periodOf([['namespace', 'qa']]), 24 * H);
  assert.equal(periodOf([['namespace', 'prod']]), 744 * H); // no rule: the tenant's period
  assert.equal(periodOf([['namespace', 'audit']]), 0); // kept forever
});

test('a bad retention_stream rule is refused with the rule it is in', () => {
  assert.throws(() => limitsOf("limits_config:\n  retention_stream:\n    - selector: 'namespace=dev'\n      period: 24h\n"), /retention_stream\[0\]\.selector: "namespace=dev" is not a stream selector/);
  assert.throws(() => limitsOf("limits_config:\n  retention_stream:\n    - selector: '{a=\"b\"}'\n      period: 1h\n"), /retention_stream\[0\]\.period: must be 0 \(keep forever\) or at least 24h, got "1h"/);
  assert.throws(() => limitsOf("limits_config:\n  retention_stream:\n    - selector: '{a=\"b\"}'\n"), /retention_stream\[0\]: needs a selector and a period/);
  assert.throws(() => limitsOf("limits_config:\n  retention_stream:\n    - selector: '{a=\"b\"}'\n      period: 24h\n      priority: high\n"), /retention_stream\[0\]\.priority: expected a number, got "high"/);
});
