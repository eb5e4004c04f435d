// Grafana's dashboard provisioning files as Logi reads them: a provider YAML or a folder of them, boards found
// recursively below each provider's path (relative to the YAML), ${VAR} from the environment, and clear errors.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError } from '../app/config.js';
import { readProvisioning } from './provisioning.js';

const dir = mkdtempSync(join(tmpdir(), 'logi-provisioning-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const board = (uid: string): string => JSON.stringify({ uid, title: uid, panels: [] });

test('a folder of provider YAMLs (Grafana provisioning/dashboards) provisions every provider, boards found recursively', () => {
  // the seeds' layout: provisioning/dashboards/*.yaml beside the boards' folder
  mkdirSync(join(dir, 'seeds/provisioning/dashboards'), { recursive: true });
  mkdirSync(join(dir, 'seeds/boards/team'), { recursive: true });
  writeFileSync(join(dir, 'seeds/boards/app.json'), board('app'));
  writeFileSync(join(dir, 'seeds/boards/team/billing.json'), board('billing'));
  writeFileSync(join(dir, 'seeds/boards/notes.txt'), 'not a board');
  writeFileSync(join(dir, 'seeds/provisioning/dashboards/a.yaml'), [
    'apiVersion: 1', 'providers:', '  - name: seeds', '    folder: Apps', '    type: file', '    disableDeletion: false',
    '    updateIntervalSeconds: 10', '    options:', '      path: ../../boards', '      foldersFromFilesStructure: false',
  ].join('\n'));
  process.env.LOGI_TEST_BOARDS = join(dir, 'seeds/boards/team');
  writeFileSync(join(dir, 'seeds/provisioning/dashboards/b.yml'), 'apiVersion: 1\nproviders:\n  - name: env\n    options:\n      path: ${LOGI_TEST_BOARDS}\n');
  const found = readProvisioning(join(dir, 'seeds/provisioning/dashboards'));
  assert.deepEqual(found.map((f) => [f.provider, f.externalId, f.dashboard.uid]), [
    ['seeds', 'app.json', 'app'], ['seeds', join('team', 'billing.json'), 'billing'], ['env', 'billing.json', 'billing'],
  ]);
});

test('a missing file, a provider without a path and a missing folder are refused with their place', () => {
  assert.throws(() => readProvisioning(join(dir, 'nope.yaml')), (e: Error) => e instanceof ConfigError && /^dashboards provisioning .*nope\.yaml: ENOENT/.test(e.message));
  writeFileSync(join(dir, 'no-path.yaml'), 'providers:\n  - name: broken\n');
  assert.throws(() => readProvisioning(join(dir, 'no-path.yaml')), { message: `dashboards provisioning ${join(dir, 'no-path.yaml')}: provider "broken" has no options.path` });
  writeFileSync(join(dir, 'gone.yaml'), 'providers:\n  - name: gone\n    options:\n      path: gone\n');
  assert.throws(() => readProvisioning(join(dir, 'gone.yaml')), (e: Error) => e instanceof ConfigError && e.message.includes(`${join(dir, 'gone')}`));
});
