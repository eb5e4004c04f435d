import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseFlags } from './flags.js';
import { LOGI_BIN } from './testing/processes.js';

test('flags: -name=value, --name=value and -name value; unknown flags rejected', () => {
  const f = parseFlags(['-config.file=a.alloy', '--storage.path', '/tmp/x', '-server.http.listen-addr=127.0.0.1:1']);
  assert.equal(f.get('config.file'), 'a.alloy');
  assert.equal(f.get('storage.path'), '/tmp/x');
  assert.equal(f.get('server.http.listen-addr'), '127.0.0.1:1');
  assert.throws(() => parseFlags(['-config.fiel=a']), /unknown flag -config\.fiel/);
});

test('`logi agent` reports a config error with file:line:col and exits 1 before running', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-main-'));
  const file = join(dir, 'bad.alloy');
  writeFileSync(file, 'loki.write "w" {\n  endpoint {\n    url = "http://127.0.0.1:1/push"\n    batch_sise = "1MiB"\n  }\n}\n');
  const r = spawnSync(process.execPath, [LOGI_BIN, 'agent', `-config.file=${file}`, `-storage.path=${dir}/data`], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`^logi agent: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:5: unrecognized attribute "batch_sise"`));
});
