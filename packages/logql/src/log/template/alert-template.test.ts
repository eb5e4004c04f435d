import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileAlertTemplate } from './alert-template.js';

const data = { labels: { service: 'api', level: 'error' }, externalLabels: { cluster: 'eu' }, externalURL: 'http://logi:3100/x', value: 0.123456 };
const render = (text: string, value = data.value): string => compileAlertTemplate('HighErrors', text, data.externalURL).render({ ...data, value });

test('alert templates see $labels, $value, $externalLabels and $externalURL', () => {
  assert.equal(render('{{ $labels.service }} at {{ $value }} in {{ $externalLabels.cluster }} ({{ $externalURL }})'), 'api at 0.123456 in eu (http://logi:3100/x)');
  assert.equal(render('{{ .Labels.level }}/{{ .Value }}'), 'error/0.123456');
  // a missing label is Go's missing map key: <no value>
  assert.equal(render('[{{ $labels.nope }}]'), '[<no value>]');
  assert.equal(render('{{ printf "%.2f" $value }}'), '0.12');
  assert.equal(render('{{ if gt $value 0.1 }}high{{ else }}low{{ end }}'), 'high');
});

test('Prometheus humanize functions', () => {
  assert.equal(render('{{ humanize $value }}'), '123.5m');
  assert.equal(render('{{ humanize 1234567.0 }}'), '1.235M');
  assert.equal(render('{{ humanize 0 }}'), '0');
  assert.equal(render('{{ humanize1024 1048576.0 }}'), '1Mi');
  assert.equal(render('{{ humanizeDuration 3725.5 }}'), '1h 2m 5s');
  assert.equal(render('{{ humanizeDuration 90061 }}'), '1d 1h 1m 1s');
  assert.equal(render('{{ humanizeDuration 1.5 }}'), '1.5s');
  assert.equal(render('{{ humanizeDuration 0.002 }}'), '2ms');
  assert.equal(render('{{ humanizePercentage 0.1234 }}'), '12.34%');
  assert.equal(render('{{ humanizeTimestamp 1435065584.128 }}'), '2015-06-23 13:19:44.128 +0000 UTC');
  assert.equal(render('{{ "a-b" | toUpper }} {{ title "hello world" }} {{ reReplaceAll "-(.)" "+$1" "a-b" }} {{ match "^a" "abc" }}'), 'A-B Hello World a+b true');
  assert.equal(render('{{ humanize "12000" }}'), '12k');
});

test('Sprig functions are not defined in alert templates, as in Prometheus', () => {
  assert.throws(() => render('{{ upper "x" }}'), /function "upper" not defined/);
  assert.throws(() => render('{{ humanize "x" }}'), /error calling humanize: strconv.ParseFloat/);
});
