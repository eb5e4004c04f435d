import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AGENT_FLAGS, parseFlags } from './flags.js';
import { AgentProc, EXAMPLES, LOGI_BIN } from './testing/processes.js';

test('flags: -name=value, --name=value and -name value; unknown flags rejected', () => {
  const f = parseFlags(['-config.file=a.alloy', '--storage.path', '/tmp/x', '-server.http.listen-addr=127.0.0.1:1']);
  assert.equal(f.get('config.file'), 'a.alloy');
  assert.equal(f.get('storage.path'), '/tmp/x');
  assert.equal(f.get('server.http.listen-addr'), '127.0.0.1:1');
  assert.throws(() => parseFlags(['-config.fiel=a']), { message: 'flag provided but not defined: -config.fiel (did you mean -config.file?); logi agent -help lists the flags' });
});

test('`logi agent -help` and `--help` list every flag with its default, Go-style, and exit 0', () => {
  for (const help of ['-help', '--help']) {
    const r = spawnSync(process.execPath, [LOGI_BIN, 'agent', help], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    for (const flag of AGENT_FLAGS) assert.match(r.stdout, new RegExp(`^  -${flag.name} string\\n    \\t`, 'm'), flag.name);
    assert.match(r.stdout, /\(default "127\.0\.0\.1:12345"\)$/m);
    assert.match(r.stdout, /\(default "\.\/data-agent"\)$/m);
  }
});

test('a second agent on the same listen address fails in one line naming the flags to set, before writing anything', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-main-'));
  const first = await AgentProc.start(join(EXAMPLES, 'promtail.yaml'), join(dir, 'first'));
  try {
    const second = spawnSync(process.execPath, [LOGI_BIN, 'agent', `-config.file=${join(EXAMPLES, 'promtail.yaml')}`, `-storage.path=${join(dir, 'second')}`, `-server.http.listen-addr=${first.metricsUrl.replace(/^http:\/\/|\/metrics$/g, '')}`], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(second.status, 1);
    assert.equal(second.stderr.split('\n').filter((l) => l !== '').length, 1, second.stderr);
    assert.match(second.stderr, /^logi agent: cannot start: listen 127\.0\.0\.1:\d+: address already in use; is another logi agent \(or Alloy, Promtail\) running\? Each agent needs its own -server\.http\.listen-addr=HOST:PORT and -storage\.path=DIR\n$/);
    assert.equal(existsSync(join(dir, 'second')), false, 'nothing written before the address failed');
  } finally {
    await first.proc.kill();
  }
});

test('`logi agent` reports a config error with file:line:col and exits 1 before running', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-main-'));
  const file = join(dir, 'bad.alloy');
  writeFileSync(file, 'loki.write "w" {\n  endpoint {\n    url = "http://127.0.0.1:1/push"\n    batch_sise = "1MiB"\n  }\n}\n');
  const r = spawnSync(process.execPath, [LOGI_BIN, 'agent', `-config.file=${file}`, `-storage.path=${dir}/data`], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`^logi agent: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:5: unrecognized attribute "batch_sise"`));
});

test('a -storage.path that cannot hold the positions file fails at start in one line naming the flag', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-main-'));
  writeFileSync(join(dir, 'file'), '');
  const r = spawnSync(process.execPath, [LOGI_BIN, 'agent', `-config.file=${join(EXAMPLES, 'promtail.yaml')}`, `-storage.path=${join(dir, 'file', 'state')}`, '-server.http.listen-addr=127.0.0.1:0'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, `logi agent: cannot start: cannot write the positions file ${join(dir, 'file', 'state', 'positions.json')}: ENOTDIR: not a directory, mkdir '${join(dir, 'file', 'state')}'; -storage.path=DIR (or the config's positions file) picks another place\n`);
});
