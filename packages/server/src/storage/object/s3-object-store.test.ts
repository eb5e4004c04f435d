// The object store contract against a real S3 server (Ceph radosgw on 127.0.0.1), and what each kind of
// failure looks like to the caller.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freePort } from '../../testing/logi-process.js';
import { s3Skip, startS3, type S3TestServer } from '../../testing/s3-server.js';
import { ObjectNotFoundError, RetryableStoreError } from './object-store.js';
import { objectStoreContract } from './object-store.contract.js';
import { S3ObjectStore } from './s3-object-store.js';

const skip = s3Skip();
let s3: S3TestServer | undefined;
const stores: S3ObjectStore[] = [];
before(async () => {
  if (skip === false) s3 = await startS3();
}, { timeout: 200_000 });
after(async () => {
  for (const s of stores) s.close();
  await s3?.stop();
});

const open = (settings: ReturnType<S3TestServer['settings']>): S3ObjectStore => {
  const store = new S3ObjectStore(settings);
  stores.push(store);
  return store;
};

let n = 0;
objectStoreContract('S3 (radosgw)', async () => {
  const bucket = `logi-contract-${n++}`;
  await s3!.createBucket(bucket);
  return open(s3!.settings(bucket));
}, { skip });

test('S3 (radosgw): a missing bucket, refused keys and an unreachable endpoint each say what to do', { skip, timeout: 120_000 }, async () => {
  const noBucket = open(s3!.settings('logi-no-such-bucket'));
  await assert.rejects(noBucket.put('a', Buffer.from('x')), { message: 's3://logi-no-such-bucket: the bucket does not exist; create it or set bucketnames' });

  await s3!.createBucket('logi-errors');
  const wrongKey = open({ ...s3!.settings('logi-errors'), secretAccessKey: 'not-the-secret' });
  await assert.rejects(wrongKey.get('a'), /^Error: s3:\/\/logi-errors\/a: access denied \(\w+\); check access_key_id and secret_access_key$/);

  const good = open(s3!.settings('logi-errors'));
  await assert.rejects(good.get('a'), ObjectNotFoundError);

  const down = open({ ...s3!.settings('logi-errors'), endpoint: `http://127.0.0.1:${await freePort()}` });
  await assert.rejects(down.put('a', Buffer.from('x')), (e: unknown) => e instanceof RetryableStoreError && /the S3 endpoint cannot be reached, will retry/.test(e.message));
});
