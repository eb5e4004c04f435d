import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVE_FLAGS } from './app/config.js';
import { VERSION } from './app/server.js';
import { freePort, runLogi, spawnLogi } from './testing/logi-process.js';

test('`logi serve -help` and `--help` list every flag with its default, Loki-style, and exit 0', { timeout: 60_000 }, async () => {
  for (const help of ['-help', '--help']) {
    const run = await runLogi(['serve', help]);
    assert.equal(run.status, 0, run.stderr);
    for (const flag of SERVE_FLAGS) assert.match(run.stdout, new RegExp(`^  -${flag.name}( \\w+)?\\n    \\t`, 'm'), flag.name);
    assert.match(run.stdout, /^  -server\.http-listen-port int\n    \tHTTP server listen port\. \(default 3100\)$/m);
    assert.match(run.stdout, /^  -config\.expand-env\n/m);
  }
});

test('`logi --version`, `logi -version` and `logi serve -version` print Logi\'s version and the Loki API it speaks', { timeout: 60_000 }, async () => {
  for (const args of [['--version'], ['-version'], ['serve', '-version']]) {
    const run = await runLogi(args);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^logi, version \\d+\\.\\d+\\.\\d+ \\(Loki API ${VERSION.replace(/\./g, '\\.')}\\)\\n`), args.join(' '));
  }
});

test('-print-config-stderr prints the effective config; -config.expand-env expands the environment in the file', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-main-'));
  const port = await freePort();
  const file = join(dir, 'logi.yaml');
  writeFileSync(file, 'auth_enabled: false\nserver:\n  http_listen_port: ${LOGI_TEST_PORT}\nlimits_config:\n  max_line_size: ${LOGI_TEST_UNSET:-2KB}\n');
  process.env.LOGI_TEST_PORT = String(port);
  try {
    const logi = await spawnLogi([`-config.file=${file}`, '-config.expand-env=true', `-common.path-prefix=${dir}`, '-print-config-stderr'], port);
    await logi.kill('SIGTERM');
    assert.match(logi.stderr(), new RegExp(`^  http_listen_port: ${port}$`, 'm'));
    assert.match(logi.stderr(), /^  max_line_size: 2000$/m);
    assert.match(logi.stderr(), new RegExp(`^  path_prefix: ${dir}$`, 'm'));
  } finally {
    delete process.env.LOGI_TEST_PORT;
    rmSync(dir, { recursive: true, force: true });
  }
});
