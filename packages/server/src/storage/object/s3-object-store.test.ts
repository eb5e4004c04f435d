// The object store contract against a real S3 server (Ceph radosgw on 127.0.0.1), and what each kind of
// failure looks like to the caller.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
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
  for (const call of [() => noBucket.put('a', Buffer.from('x')), () => noBucket.get('a'), () => noBucket.get('a', { offset: 0, length: 4 })]) {
    await assert.rejects(call(), { message: 's3://logi-no-such-bucket: the bucket does not exist; create it or set bucketnames' });
  }

  await s3!.createBucket('logi-errors');
  const wrongKey = open({ ...s3!.settings('logi-errors'), secretAccessKey: 'not-the-secret' });
  await assert.rejects(wrongKey.get('a'), /^Error: s3:\/\/logi-errors\/a: access denied \(\w+\); check access_key_id and secret_access_key$/);

  const good = open(s3!.settings('logi-errors'));
  await assert.rejects(good.get('a'), ObjectNotFoundError);

  const down = open({ ...s3!.settings('logi-errors'), endpoint: `http://127.0.0.1:${await freePort()}` });
  for (const call of [() => down.put('a', Buffer.from('x')), () => down.get('a')]) {
    await assert.rejects(call(), (e: unknown) => e instanceof RetryableStoreError && /the S3 endpoint cannot be reached$/.test(e.message));
  }
});

test('S3: a read that gets no answer within response_header_timeout is tried twice, then retryable', { timeout: 30_000 }, async () => {
  // a server that takes connections and never answers
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const port = (silent.address() as AddressInfo).port;
    const store = open({ endpoint: `127.0.0.1:${port}`, region: '', bucket: 'b', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true, insecure: true, responseHeaderTimeoutMs: 300 });
    const started = Date.now();
    await assert.rejects(store.get('a', { offset: 0, length: 10 }), (e: unknown) => e instanceof RetryableStoreError && /^s3:\/\/b\/a: TimeoutError: the S3 endpoint cannot be reached$/.test(e.message));
    assert.equal(sockets.length, 2, 'one request and one retry');
    assert.ok(Date.now() - started >= 600, 'each attempt waited for the timeout');
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('S3 (radosgw): with no access_key_id, reads and writes take the SDK credential chain (here the environment)', { skip, timeout: 120_000 }, async () => {
  await s3!.createBucket('logi-env-credentials');
  const { accessKeyId, secretAccessKey, ...rest } = s3!.settings('logi-env-credentials');
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = secretAccessKey;
  try {
    const store = open({ ...rest, accessKeyId: '', secretAccessKey: '' });
    await store.put('k', Buffer.from('from the environment'));
    assert.equal((await store.get('k', { offset: 5, length: 3 })).toString(), 'the');
  } finally {
    for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});
