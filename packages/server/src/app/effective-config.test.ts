import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseFlags } from './config.js';
import { effectiveConfigYaml } from './effective-config.js';

test('the printed effective config uses only Loki keys and loads back to the same config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-effective-'));
  const file = join(dir, 'c.yaml');
  writeFileSync(file, 'auth_enabled: false\nlimits_config:\n  max_line_size: 1MB\n  reject_old_samples_max_age: 1w\n  retention_stream:\n    - selector: \'{env="dev"}\'\n      priority: 1\n      period: 48h\ningester:\n  chunk_idle_period: 90s\n');
  const config = loadConfig(parseFlags([`-config.file=${file}`, `-common.path-prefix=${dir}`, '-server.http-listen-port=3999']));
  const printed = effectiveConfigYaml(config);
  assert.match(printed, /^  http_listen_port: 3999$/m);
  assert.match(printed, /^  chunk_idle_period: 1m30s$/m);
  writeFileSync(file, printed);
  assert.deepEqual(loadConfig(parseFlags([`-config.file=${file}`])), config);
});
