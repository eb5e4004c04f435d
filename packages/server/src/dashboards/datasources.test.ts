// Grafana's datasources provisioning as Logi reads it: Prometheus sources kept, other types left out with a warning,
// and a source Logi could not query refused at start with its file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readDataSources } from './datasources.js';

function provisioned(t: { after(fn: () => void): void }, yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'logi-datasources-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'sources.yaml'), yaml);
  return join(dir, 'sources.yaml');
}

test('Prometheus sources are read with their uid (or name) and URL; other types are warned about and left out', (t) => {
  const warned: string[] = [];
  const file = provisioned(t, 'apiVersion: 1\ndatasources:\n  - name: Prom\n    type: prometheus\n    url: http://127.0.0.1:9090/\n  - name: Loki\n    type: loki\n    url: http://127.0.0.1:3100\n');
  assert.deepEqual(readDataSources([file], (l) => warned.push(l)), [{ uid: 'Prom', name: 'Prom', type: 'prometheus', url: 'http://127.0.0.1:9090', isDefault: false }]);
  assert.equal(warned.length, 1);
  assert.match(warned[0]!, /name="Loki" type="loki"/);
});

test('a source without an http(s) URL, or whose uid is taken, stops the start naming the file', (t) => {
  const noUrl = provisioned(t, 'datasources:\n  - name: Prom\n    type: prometheus\n');
  assert.throws(() => readDataSources([noUrl]), new RegExp(`datasources provisioning ${noUrl}: data source "Prom" needs an http\\(s\\) url`));
  const twice = provisioned(t, 'datasources:\n  - {name: A, uid: p, type: prometheus, url: "http://a"}\n  - {name: B, uid: p, type: prometheus, url: "http://b"}\n');
  assert.throws(() => readDataSources([twice]), /data source "B" needs a uid of its own/);
  const logi = provisioned(t, 'datasources:\n  - {name: A, uid: loki, type: prometheus, url: "http://a"}\n');
  assert.throws(() => readDataSources([logi]), /data source "A" needs a uid of its own/);
});
