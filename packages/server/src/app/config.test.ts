import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, expandEnv, loadConfig, parseFlags } from './config.js';

const SEED_CONFIG = fileURLToPath(new URL('../../../../examples/loki-local-config.yaml', import.meta.url));

test("the seed document's Loki config loads unchanged; unused keys are listed, not fatal", () => {
  const c = loadConfig(parseFlags([`-config.file=${SEED_CONFIG}`]));
  assert.equal(c.authEnabled, false);
  assert.equal(c.server.httpListenPort, 3100);
  assert.equal(c.pathPrefix, '/tmp/loki');
  assert.equal(c.chunksDirectory, '/tmp/loki/chunks');
  assert.equal(c.limits.rejectOldSamples, true);
  assert.equal(c.limits.rejectOldSamplesMaxAgeMs, 168 * 3600_000);
  assert.ok(c.ignoredKeys.includes('server.grpc_listen_port'), c.ignoredKeys.join(','));
  assert.ok(c.ignoredKeys.includes('query_range.results_cache.cache.embedded_cache.enabled'));
  assert.ok(!c.ignoredKeys.some((k) => k.startsWith('schema_config')));
});

test('flags as Loki spells them override the file', () => {
  const c = loadConfig(parseFlags([`-config.file=${SEED_CONFIG}`, '-server.http-listen-port=0', '--server.http-listen-address', '127.0.0.2', '-common.path-prefix=/tmp/x']));
  assert.equal(c.server.httpListenPort, 0);
  assert.equal(c.server.httpListenAddress, '127.0.0.2');
  assert.equal(c.pathPrefix, '/tmp/x');
});

test('no config file: the embedded default (no auth, ./data, loopback:3100)', () => {
  const c = loadConfig(parseFlags([]));
  assert.equal(c.authEnabled, false);
  assert.equal(c.server.httpListenAddress, '127.0.0.1');
  assert.equal(c.server.httpListenPort, 3100);
  assert.ok(c.pathPrefix.endsWith('/data'));
});

test('a config file without auth_enabled gets Loki default true; -config.expand-env expands variables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-config-'));
  const file = join(dir, 'c.yaml');
  writeFileSync(file, 'limits_config:\n  max_line_size: ${LOGI_TEST_SIZE:-1KB}\n  ingestion_rate_mb: 8\n');
  const c = loadConfig(parseFlags([`-config.file=${file}`, '-config.expand-env=true']));
  assert.equal(c.authEnabled, true);
  assert.equal(c.limits.maxLineSize, 1000);
  assert.equal(c.limits.ingestionRateBytes, 8 * 1024 * 1024);
  assert.equal(expandEnv('a ${X} ${Y:-d}', { X: 'x' }), 'a x d');
});

test('bad input is a clear error', () => {
  assert.throws(() => parseFlags(['-no.such.flag=1']), ConfigError);
  const dir = mkdtempSync(join(tmpdir(), 'logi-config-'));
  const file = join(dir, 'c.yaml');
  writeFileSync(file, 'limits_config:\n  reject_old_samples_max_age: soon\n');
  assert.throws(() => loadConfig(parseFlags([`-config.file=${file}`])), /reject_old_samples_max_age/);
  assert.throws(() => loadConfig(parseFlags([`-config.file=${join(dir, 'missing.yaml')}`])), /error loading config/);
});
