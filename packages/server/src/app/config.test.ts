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

test('-config.expand-env follows Loki (drone/envsubst): an empty value takes the default, $$ is a literal $, a bare $VAR stays', () => {
  const env = { EMPTY: '', SET: 'v' };
  assert.equal(expandEnv('${EMPTY:-d} ${UNSET-d} ${SET:-d} ${UNSET}|', env), 'd d v |');
  assert.equal(expandEnv('pa$$word $${SET} $SET', env), 'pa$word ${SET} $SET');
});

/** Loads `yaml` as a config file. */
function loadYaml(yaml: string): ReturnType<typeof loadConfig> {
  const file = join(mkdtempSync(join(tmpdir(), 'logi-config-')), 'c.yaml');
  writeFileSync(file, yaml);
  return loadConfig(parseFlags([`-config.file=${file}`]));
}

test('a key that is not a Loki key is an error naming the closest known key at the same place', () => {
  assert.throws(() => loadYaml('auth_enable: true\n'), { message: 'unknown key "auth_enable" in the config file; did you mean "auth_enabled"?' });
  assert.throws(() => loadYaml('limits_config:\n  max_line_sise: 1KB\n'), { message: 'unknown key "limits_config.max_line_sise" in the config file; did you mean "limits_config.max_line_size"?' });
  // keys inside a list of blocks and inside referenced blocks are checked too
  assert.throws(() => loadYaml('schema_config:\n  configs:\n    - from: 2024-01-01\n      stor: tsdb\n'), /unknown key "schema_config\.configs\[0\]\.stor" in the config file; did you mean "schema_config\.configs\[0\]\.store"\?/);
  assert.throws(() => loadYaml('storage_config:\n  aws:\n    s3forcepathstyle: true\n    bucket_name: x\n'), /"storage_config\.aws\.bucket_name".*did you mean "storage_config\.aws\.bucketnames"/);
  assert.throws(() => loadYaml('zzzzzzzz: 1\n'), { message: 'unknown key "zzzzzzzz" in the config file' });
});

test('real Loki keys Logi does not use are accepted and listed once; chunks_directory from the file is honoured', () => {
  const c = loadYaml('auth_enabled: true\ncommon:\n  path_prefix: /tmp/a\n  storage:\n    filesystem:\n      chunks_directory: /tmp/b/chunks\ncompactor:\n  working_directory: /tmp/c\nmemberlist:\n  join_members: [x]\npattern_ingester:\n  flush_check_period: 1m\nanalytics:\n  reporting_enabled: false\n');
  assert.equal(c.authEnabled, true);
  assert.equal(c.chunksDirectory, '/tmp/b/chunks');
  assert.deepEqual(c.ignoredKeys, ['compactor.working_directory', 'memberlist.join_members', 'pattern_ingester.flush_check_period', 'analytics.reporting_enabled']);
});

test('pattern_ingester: on without a config file (Loki\'s local-config), off in a file that does not enable it (Loki\'s default)', () => {
  assert.equal(loadConfig({ expandEnv: false, printConfig: false, help: false, version: false }).patternIngester.enabled, true);
  assert.equal(loadYaml('auth_enabled: false\n').patternIngester.enabled, false);
  const c = loadYaml('pattern_ingester:\n  enabled: true\n  retain_for: 1h\n  max_clusters: 50\n  pattern_sample_interval: 30s\n');
  assert.deepEqual([c.patternIngester.enabled, c.patternIngester.retainForMs, c.patternIngester.maxClusters, c.patternIngester.sampleIntervalMs], [true, 3_600_000, 50, 30_000]);
});

test('YAML merge keys (<<) apply as in Loki and are not taken for unknown keys', () => {
  const merged = loadYaml('limits_config:\n  <<: {max_line_size: 2KB}\n  reject_old_samples: false\n');
  assert.equal(merged.limits.maxLineSize, 2000);
  assert.equal(merged.limits.rejectOldSamples, false);
});

test('flags: -help, -version, -print-config-stderr; an unknown flag names the closest one', () => {
  assert.equal(parseFlags(['-help']).help, true);
  assert.equal(parseFlags(['--help']).help, true);
  assert.equal(parseFlags(['--version']).version, true);
  assert.equal(parseFlags(['-print-config-stderr']).printConfig, true);
  assert.equal(parseFlags(['-config.expand-env', '-config.file', 'x.yaml']).configFile, 'x.yaml');
  assert.throws(() => parseFlags(['-config.fil=x']), { message: 'flag provided but not defined: -config.fil (did you mean -config.file?)' });
  assert.throws(() => parseFlags(['-server.http-listen-port']), { message: 'flag needs an argument: -server.http-listen-port' });
});

test('bad input is a clear error', () => {
  assert.throws(() => parseFlags(['-no.such.flag=1']), ConfigError);
  const dir = mkdtempSync(join(tmpdir(), 'logi-config-'));
  const file = join(dir, 'c.yaml');
  writeFileSync(file, 'limits_config:\n  reject_old_samples_max_age: soon\n');
  assert.throws(() => loadConfig(parseFlags([`-config.file=${file}`])), /reject_old_samples_max_age/);
  assert.throws(() => loadConfig(parseFlags([`-config.file=${join(dir, 'missing.yaml')}`])), /error loading config/);
});

test('server.http_path_prefix takes the forms Loki accepts: with or without slashes, / for none', () => {
  for (const [given, held] of [['/logi/', '/logi'], ['logi', '/logi'], ['/a/b', '/a/b'], ['/', ''], ['""', '']]) {
    assert.equal(loadYaml(`server:\n  http_path_prefix: ${given}\n`).server.httpPathPrefix, held, given);
  }
});

test('storage keys as Loki spells them: S3 from common.storage.s3 or storage_config.aws, the partition period from schema_config', () => {
  const c = loadYaml(`common:
  storage:
    s3:
      endpoint: 127.0.0.1:7480
      bucketnames: logs
      access_key_id: k
      secret_access_key: s
      s3forcepathstyle: true
      insecure: true
      http_config:
        response_header_timeout: 5s
        idle_conn_timeout: 90s
chunk_store_config:
  chunk_cache_config:
    embedded_cache:
      max_size_mb: 64
schema_config:
  configs:
    - from: 2020-01-01
      object_store: filesystem
      index: { prefix: index_, period: 24h }
    - from: 2024-01-01
      object_store: s3
      index: { prefix: logi_, period: 168h }
`);
  assert.deepEqual(c.storage.s3, { endpoint: '127.0.0.1:7480', region: '', bucketnames: 'logs', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true, insecure: true, responseHeaderTimeoutMs: 5000 });
  assert.deepEqual([c.storage.objectStore, c.storage.indexPrefix, c.storage.indexPeriodMs, c.storage.chunkCacheBytes], ['s3', 'logi_', 168 * 3600_000, 64 << 20]);
  assert.equal(loadYaml('storage_config:\n  aws:\n    bucketnames: other\n').storage.s3.bucketnames, 'other');
  assert.throws(() => loadYaml('storage_config:\n  aws:\n    bucketnames: a,b\n'), /bucketnames: Logi uses one bucket/);
  assert.throws(() => loadYaml('schema_config:\n  configs:\n    - from: 2024-01-01\n      object_store: s3\n'), /object_store s3 needs common\.storage\.s3\.bucketnames/);
  assert.throws(() => loadYaml('schema_config:\n  configs:\n    - from: 2024-01-01\n      index: { period: 90m }\n'), /index\.period: expected a whole number of hours/);
});
