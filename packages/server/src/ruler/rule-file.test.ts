import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareParser } from '@logi/logql';
import { compileGroup, groupErrors, groupToYamlObject, parseRuleFile, parseRuleGroup, RuleFileError, toYaml } from './rule-file.js';

prepareParser();

const FILE = `
groups:
  - name: errors
    interval: 30s
    query_offset: 1m
    limit: 10
    labels: { team: core }
    rules:
      - alert: HighErrors
        expr: sum(rate({app="python-starter-kit", level="error"}[5m])) by (service) > 0.1
        for: 2m
        keep_firing_for: 5m
        labels: { severity: page }
        annotations:
          summary: "{{ $labels.service }} logs {{ humanize $value }} errors/s"
      - record: service:errors:rate5m
        expr: sum(rate({level="error"}[5m])) by (service)
`;

test('a rule file is read with its groups, durations, limits and rules', () => {
  const [g] = parseRuleFile(FILE);
  assert.equal(g!.name, 'errors');
  assert.deepEqual([g!.intervalMs, g!.queryOffsetMs, g!.limit], [30_000, 60_000, 10]);
  assert.deepEqual(g!.labels, { team: 'core' });
  assert.deepEqual(g!.rules[0], {
    alert: 'HighErrors', expr: 'sum(rate({app="python-starter-kit", level="error"}[5m])) by (service) > 0.1', forMs: 120_000, keepFiringForMs: 300_000,
    labels: { severity: 'page' }, annotations: { summary: '{{ $labels.service }} logs {{ humanize $value }} errors/s' },
  });
  assert.equal(g!.rules[1]!.record, 'service:errors:rate5m');
  const compiled = compileGroup(g!, 'http://logi');
  assert.ok('rules' in compiled);
  // group labels go to every rule, under the rule's own
  assert.deepEqual(compiled.rules[0]!.spec.labels, { team: 'core', severity: 'page' });
});

test('a group written back as YAML reads the same', () => {
  const [g] = parseRuleFile(FILE);
  const again = parseRuleGroup(toYaml(groupToYamlObject(g!)));
  assert.deepEqual(again, g);
  assert.match(toYaml(groupToYamlObject(g!)), /^name: errors\ninterval: 30s\nquery_offset: 1m\nlimit: 10\n/);
});

test('unknown keys and undecodable values make the file fail with the line', () => {
  assert.throws(() => parseRuleFile('groups:\n  - name: a\n    rules:\n      - alert: A\n        exp: sum(x)\n'), new RuleFileError('line 5: field exp not found in type rulefmt.Rule'));
  assert.throws(() => parseRuleFile('groups:\n  - name: a\n    interval: soon\n'), /line 3: not a valid duration string: "soon"/);
  assert.throws(() => parseRuleFile('groups: [\n'), /^Error: yaml: /);
  // the API's body ignores unknown keys, as Loki's yaml.Unmarshal does
  assert.equal(parseRuleGroup('name: a\nextra: 1\nrules: []\n').name, 'a');
});

test('each rule is checked with Loki\'s messages; the first bad rule names itself', () => {
  const check = (rule: string): unknown => {
    const [g] = parseRuleFile(`groups:\n  - name: g\n    rules:\n      - ${rule}\n`);
    return compileGroup(g!, '');
  };
  assert.deepEqual(check('{alert: A, expr: "sum(rate({a=\\"b\\"}[1m])"}'), {
    rule: 'A', error: `could not parse expression for alert 'A' in group 'g': parse error at line 1, col 22: syntax error: unexpected $end`,
  });
  assert.deepEqual(check('{alert: A, expr: "{a=\\"b\\"}"}'), { rule: 'A', error: `expression for alert 'A' in group 'g' is a log query; a rule needs a metric query` });
  assert.deepEqual(check('{alert: A, record: r, expr: "vector(1)"}'), { rule: 'A', error: `only one of 'record' and 'alert' must be set` });
  assert.deepEqual(check('{expr: "vector(1)"}'), { rule: '', error: `one of 'record' or 'alert' must be set` });
  assert.deepEqual(check('{record: "bad-name", expr: "vector(1)"}'), { rule: 'bad-name', error: 'invalid recording rule name: bad-name' });
  assert.deepEqual(check('{record: r, for: 1m, expr: "vector(1)"}'), { rule: 'r', error: `invalid field 'for' in recording rule` });
  assert.deepEqual(check('{alert: A, expr: "vector(1)", labels: {"a-b": x}}'), { rule: 'A', error: 'invalid label name: a-b' });
  const bad = check('{alert: A, expr: "vector(1)", annotations: {s: "{{ $value "}}');
  assert.match((bad as { error: string }).error, /^annotation "s": template: __alert_A:1: /);
  assert.deepEqual(groupErrors([{ name: '' }, { name: 'x' }, { name: 'x' }] as never), ['group 0: Groupname must not be empty', undefined, 'groupname: "x" is repeated in the same file']);
});
