import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FsObjectStore } from './fs-object-store.js';
import { objectStoreContract } from './object-store.contract.js';

const root = mkdtempSync(join(tmpdir(), 'logi-objects-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
objectStoreContract('local directory', async () => new FsObjectStore(join(root, `store-${n++}`)));

test('local directory: a put cut short leaves no object and is never listed', async () => {
  const store = new FsObjectStore(join(root, 'torn'));
  await store.put('t/a', Buffer.from('whole'));
  // what a crash in the middle of a put leaves: its temporary file beside the key
  writeFileSync(join(root, 'torn', 't', 'b.1234abcd.tmp-put'), 'half');
  assert.deepEqual(await store.list('t/'), [{ key: 't/a', size: 5 }]);
  assert.equal((await store.get('t/a')).toString(), 'whole');
  assert.deepEqual(readdirSync(join(root, 'torn', 't')).sort(), ['a', 'b.1234abcd.tmp-put']);
});
