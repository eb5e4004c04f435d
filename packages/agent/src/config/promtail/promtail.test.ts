import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { validate } from '../load.js';
import { DEFAULT_CLIENT_URL, loadPromtail } from './promtail.js';

test('the seed promtail.yaml scrape config loads unchanged, pushing to the default client', () => {
  const text = readFileSync(new URL('../../../../../examples/promtail.yaml', import.meta.url), 'utf8');
  const cfg = validate(loadPromtail(text, 'promtail.yaml'));
  assert.deepEqual(cfg.sources[0]!.targets[0]!.labels, { job: 'nginx', __path__: '/var/log/nginx/*.log' });
  assert.equal(cfg.writes[0]!.endpoints[0]!.url, DEFAULT_CLIENT_URL);
  assert.equal(validate(loadPromtail(text, 'p.yaml', 'http://127.0.0.1:9/push')).writes[0]!.endpoints[0]!.url, 'http://127.0.0.1:9/push');
});

test('a full Promtail file: server, positions, clients, stages', () => {
  const cfg = validate(loadPromtail(`
server:
  http_listen_port: 9080
  grpc_listen_port: 0
positions:
  filename: /tmp/positions.yaml
clients:
  - url: http://127.0.0.1:3100/loki/api/v1/push
    tenant_id: t
    batchwait: 2s
    batchsize: 102400
    backoff_config: { min_period: 100ms, max_period: 1s, max_retries: 3 }
    external_labels: { host: h1 }
scrape_configs:
  - job_name: app
    static_configs:
      - targets: [localhost]
        labels: { job: app, __path__: /var/log/app/*.log }
    pipeline_stages:
      - json: { expressions: { level: level, ts: time } }
      - labels: { level: }
      - timestamp: { source: ts, format: RFC3339Nano }
      - match:
          selector: '{level="debug"}'
          action: drop
      - labeldrop: [filename]
      - output: { source: msg }
`, 'p.yaml'));
  assert.equal(cfg.listenAddr, '127.0.0.1:9080');
  assert.equal(cfg.positionsFile, '/tmp/positions.yaml');
  const ep = cfg.writes[0]!.endpoints[0]!;
  assert.deepEqual([ep.batchWaitMs, ep.batchSizeBytes, ep.minBackoffMs, ep.maxBackoffMs, ep.maxRetries, ep.tenantId], [2000, 102400, 100, 1000, 3, 't']);
  assert.deepEqual(cfg.processes[0]!.stages.map((s) => s.type), ['json', 'labels', 'timestamp', 'match', 'label_drop', 'output']);
});

test('errors name file:line:col', () => {
  const f = (text: string, expected: RegExp): void => assert.throws(() => validate(loadPromtail(text, 'p.yaml')), expected);
  f('scrape_configs:\n  - job_name: a\n    static_configs:\n      - labels: { __path__: /x }\n    pipeline_stages:\n      - cri: {}\n', /^Error: p\.yaml:6:9: .*stage "cri" is not supported/);
  f('scrape_configs:\n  - job_name: a\n    static_configs:\n      - labels: { __path__: /x }\n    pipeline_stages:\n      - json:\n          expresions: { a: b }\n', /^Error: p\.yaml:7:11: unrecognized attribute "expresions"/);
  f('clients:\n  - url: http://x\n    batchwait: never\nscrape_configs: []\n', /^Error: p\.yaml:3:5: .*"batchwait" must be a duration/);
  f('scrape_configs:\n  - job_name: a\n   bad: indentation\n', /^Error: p\.yaml:3:/);
});

test('an unknown key names the closest Promtail key at the same place', () => {
  const f = (text: string, expected: string): void => assert.throws(() => validate(loadPromtail(text, 'p.yaml')), { message: expected });
  f('scrape_config:\n  - job_name: a\n', 'p.yaml:1:1: unrecognized attribute "scrape_config" in config; did you mean "scrape_configs"?');
  f('clients:\n  - url: http://x\n    batchwiat: 1s\nscrape_configs: []\n', 'p.yaml:3:5: unrecognized attribute "batchwiat" in clients[0]; did you mean "batchwait"?');
  f('positions:\n  file_name: /tmp/p.yaml\nscrape_configs: []\n', 'p.yaml:2:3: unrecognized attribute "file_name" in positions; did you mean "filename"?');
});

test('Promtail keys the agent does not use are accepted and listed for one warning', () => {
  const cfg = validate(loadPromtail('server:\n  http_listen_port: 9080\n  grpc_listen_port: 0\n  log_format: json\npositions:\n  ignore_invalid_yaml: true\nlimits_config:\n  readline_rate: 100\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - labels: { __path__: /x }\n', 'p.yaml'));
  assert.deepEqual(cfg.ignoredKeys, ['limits_config', 'server.grpc_listen_port', 'server.log_format', 'positions.ignore_invalid_yaml']);
  const text = readFileSync(new URL('../../../../../examples/promtail.yaml', import.meta.url), 'utf8');
  assert.deepEqual(validate(loadPromtail(text, 'promtail.yaml')).ignoredKeys, []);
});
