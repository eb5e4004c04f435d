// Per-tenant limits from Loki's runtime config file: a tenant named under `overrides` gets its keys over
// limits_config, every other tenant limits_config; a reload picks up an edit; a bad file at start is refused
// with the key at fault, a bad file later is logged and the last good overrides stay in force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLimits } from './config.js';
import { RuntimeOverrides } from './runtime-overrides.js';

const H = 3600_000;

test('overrides apply per tenant, reload on change, and a bad file keeps the last good ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-overrides-'));
  const file = join(dir, 'runtime.yaml');
  const logged: string[] = [];
  try {
    writeFileSync(file, `overrides:
  team-a:
    retention_period: 168h
    retention_stream:
      - selector: '{env="dev"}'
        priority: 1
        period: 24h
    max_query_series: 50
  team-b:
    query_timeout: 2m
`);
    const base = { ...defaultLimits(), retentionPeriodMs: 744 * H };
    const o = new RuntimeOverrides(file, base, (l) => logged.push(l));
    assert.equal(o.limits('team-a').retentionPeriodMs, 168 * H);
    assert.deepEqual(o.limits('team-a').retentionStream.map((r) => [r.selector, r.priority, r.periodMs]), [['{env="dev"}', 1, 24 * H]]);
    assert.equal(o.limits('team-a').maxQuerySeries, 50);
    assert.equal(o.limits('team-b').retentionPeriodMs, 744 * H); // not overridden: limits_config's
    assert.equal(o.limits('team-b').queryTimeoutMs, 120_000);
    assert.equal(o.limits('other'), base);

    assert.equal(o.reload(), false); // unchanged file
    writeFileSync(file, 'overrides:\n  team-a:\n    retention_period: 48h\n');
    assert.equal(o.reload(), true);
    assert.equal(o.limits('team-a').retentionPeriodMs, 48 * H);
    assert.equal(o.limits('team-b'), base);
    assert.match(logged.at(-1)!, /level=info msg="runtime config reloaded" file=".*runtime.yaml" tenants=1/);

    for (const [bad, err] of [
      ['overrides:\n  team-a:\n    retention_perod: 24h\n', /overrides\.team-a: unknown key \\"retention_perod\\"; did you mean \\"retention_period\\"\?/],
      ['overrides:\n  team-a:\n    retention_period: 1h\n', /overrides\.team-a: limits_config\.retention_period: must be 0 \(keep forever\) or at least 24h/],
      ['overrides: [\n', /runtime_config\.file .*runtime\.yaml: /],
    ] as const) {
      writeFileSync(file, bad);
      assert.equal(o.reload(), false);
      assert.match(logged.at(-1)!, /^level=error msg="runtime config not reloaded, the last good overrides stay in force" /);
      assert.match(logged.at(-1)!, err);
      assert.equal(o.limits('team-a').retentionPeriodMs, 48 * H);
    }
    const errors = logged.length;
    assert.equal(o.reload(), false);
    assert.equal(logged.length, errors, 'the same bad file is logged once');
    rmSync(file);
    assert.equal(o.reload(), false);
    assert.match(logged.at(-1)!, /runtime config not reloaded.*ENOENT/);

    writeFileSync(file, 'overrides:\n  team-a:\n    max_line_size: lots\n');
    assert.throws(() => new RuntimeOverrides(file, base, () => undefined), /runtime_config\.file .*: overrides\.team-a: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
