import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadAlloy } from './alloy.js';
import { validate } from '../load.js';

const EXAMPLE = fileURLToPath(new URL('../../../../../examples/config.alloy', import.meta.url));

test('the seed config.alloy loads unchanged', () => {
  const cfg = validate(loadAlloy(readFileSync(EXAMPLE, 'utf8'), EXAMPLE));
  assert.equal(cfg.sources.length, 1);
  assert.deepEqual(cfg.sources[0]!.targets, [{ labels: { __path__: '/var/log/app/*.log' }, syncPeriodMs: 5000 }]);
  assert.deepEqual(cfg.sources[0]!.forwardTo, ['loki.process.add_labels']);
  assert.deepEqual(cfg.processes[0]!.stages.map((s) => s.type), ['json', 'labels', 'static_labels']);
  assert.deepEqual(cfg.processes[0]!.forwardTo, ['loki.write.default']);
  assert.equal(cfg.writes[0]!.endpoints[0]!.url, 'http://loki:3100/loki/api/v1/push');
});

function errorOf(text: string): string {
  try {
    validate(loadAlloy(text, 'c.alloy'));
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

test('errors carry file:line:col', () => {
  const f = (text: string, expected: RegExp): void => assert.match(errorOf(text), expected);
  f('loki.write "w" {\n  endpoint {\n    urll = "http://x"\n  }\n}', /^c\.alloy:3:5: unrecognized attribute "urll"/);
  f('\n  prometheus.scrape "x" {}', /^c\.alloy:2:3: unrecognized block name "prometheus.scrape"/);
  f('loki.process "p" {\n  forward_to = [loki.write.nope.receiver]\n}', /^c\.alloy:2:17: component or field "loki.write.nope" does not exist/);
  f('local.file_match "m" {\n  path_targets = [{"__path__" = "/x"}\n}', /^c\.alloy:3:1: expected "," or "\]", got "\}"/);
  f('loki.write "w" {\n  endpoint {\n    url = "http://x\n  }\n}', /^c\.alloy:3:11: unterminated string/);
  f('loki.process "p" {\n  forward_to = [loki.write.w.receiver]\n  stage.regex {\n    expression = "(unclosed"\n  }\n}\nloki.write "w" {\n  endpoint { url = "http://x" }\n}', /^c\.alloy:4:5: stage\.regex: invalid regular expression/);
  f('loki.process "p" {\n  forward_to = [loki.write.w.receiver]\n  stage.nope {}\n}\nloki.write "w" {\n  endpoint { url = "http://x" }\n}', /^c\.alloy:3:3: unrecognized block name "stage\.nope"/);
  f('loki.write "w" {\n  endpoint {\n    url = "http://x"\n    batch_wait = "soon"\n  }\n}', /^c\.alloy:4:5: .*"batch_wait" must be a duration/);
  f('loki.write "w" {}\nloki.write "w" {}', /^c\.alloy:2:1: component "loki\.write\.w" is declared more than once/);
});

test('expressions, functions, static targets, nested match stages and endpoint options', () => {
  process.env.LOGI_TEST_HOST = 'example.test';
  const cfg = validate(loadAlloy(`
    // comment
    loki.source.file "s" {
      targets    = [{"__path__" = "/tmp/a/" + "*.log", job = string.format("job-%d", 2 * 3)}]
      forward_to = [loki.process.p.receiver, loki.write.w.receiver]
      tail_from_end = true
      encoding = "utf-16le"
    }
    loki.process "p" {
      stage.match {
        selector = "{job=\\"job-6\\"} |= \\"err\\""
        stage.regex { expression = \`(?P<code>\\d+)\` }
        stage.labels { values = { code = "" } }
      }
      forward_to = [loki.write.w.receiver]
    }
    loki.write "w" {
      external_labels = { cluster = "c1" }
      endpoint {
        url = "https://" + sys.env("LOGI_TEST_HOST") + "/loki/api/v1/push"
        tenant_id = "t1"
        batch_size = "256KiB"
        max_backoff_retries = 0
        basic_auth { username = "u" password = "p" }
      }
    }`, 'c.alloy'));
  const s = cfg.sources[0]!;
  assert.deepEqual(s.targets[0]!.labels, { __path__: '/tmp/a/*.log', job: 'job-6' });
  assert.equal(s.tailFromEnd, true);
  assert.equal(s.encoding, 'utf-16le');
  assert.deepEqual(s.forwardTo, ['loki.process.p', 'loki.write.w']);
  assert.equal(cfg.processes[0]!.stages[0]!.type, 'match');
  assert.deepEqual(cfg.processes[0]!.stages[0]!.stages!.map((x) => x.type), ['regex', 'labels']);
  const ep = cfg.writes[0]!.endpoints[0]!;
  assert.equal(ep.url, 'https://example.test/loki/api/v1/push');
  assert.equal(ep.batchSizeBytes, 256 * 1024);
  assert.equal(ep.maxRetries, 0);
  assert.equal(ep.tenantId, 't1');
  assert.equal(ep.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
  assert.deepEqual(ep.externalLabels, { cluster: 'c1' });
});

test('a forwarding loop is rejected', () => {
  assert.match(errorOf('loki.process "a" {\n forward_to = [loki.process.b.receiver]\n}\nloki.process "b" {\n forward_to = [loki.process.a.receiver]\n}'), /forwarding loop/);
});

test('an unknown block or attribute names the closest known one', () => {
  assert.equal(errorOf('loki.procss "p" {}'), 'c.alloy:1:1: unrecognized block name "loki.procss"; did you mean "loki.process"?');
  assert.equal(errorOf('loki.write "w" {\n  endpont {}\n}'), 'c.alloy:2:3: unrecognized block name "endpont" in loki.write.w; did you mean "endpoint"?');
  assert.equal(errorOf('loki.write "w" {\n  endpoint {\n    urll = "http://x"\n  }\n}'), 'c.alloy:3:5: unrecognized attribute "urll" in loki.write endpoint; did you mean "url"?');
  assert.match(errorOf('loki.process "p" {\n  forward_to = []\n  stage.jsn {}\n}'), /^c\.alloy:3:3: unrecognized block name "stage\.jsn" in loki\.process\.p; did you mean "stage\.json"\?$/);
});
