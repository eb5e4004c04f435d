// A real S3 server for tests: radosgw on a throw-away Ceph cluster started by scripts/services/s3-start.sh.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../storage/object/s3-object-store.js';
import { freePort } from './logi-process.js';

const SCRIPTS = fileURLToPath(new URL('../../../../scripts/services/', import.meta.url));
const run = promisify(execFile);

export const S3_MISSING = 'radosgw is not installed: apt-get install ceph-mon ceph-osd ceph-common radosgw (Debian/Ubuntu)';

/**
 * The skip reason for tests against S3, or false when they run: outside CI a machine without radosgw skips
 * them with the install command; in CI they always run (and fail with it).
 */
export function s3Skip(ci = process.env.CI === 'true'): string | false {
  return !ci && spawnSync('sh', ['-c', 'command -v radosgw'], { stdio: 'ignore' }).status !== 0 ? S3_MISSING : false;
}

export interface S3Requests {
  all: number;
  gets: number;
  getBytes: number;
  puts: number;
  putBytes: number;
}

export interface S3TestServer {
  /** Settings for a store on `bucket` (created by createBucket). */
  settings(bucket: string): S3Settings;
  createBucket(bucket: string): Promise<void>;
  /** Keys under `prefix` (the first 1000). */
  list(bucket: string, prefix: string): Promise<string[]>;
  /** Process ids of the Ceph daemons (ceph-mon, ceph-osd, radosgw), for benchmarks that count their CPU. */
  pids: number[];
  /** What radosgw has answered since it started (its perf counters): every request, and the GETs and PUTs with their bytes. */
  requests(): Promise<S3Requests>;
  stop(): Promise<void>;
}

/** Starts radosgw on free ports; a second try on other ports if the first fails (a port taken meanwhile). */
export async function startS3(): Promise<S3TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'logi-s3-'));
  const cluster = join(dir, 'ceph');
  let env = '';
  for (let attempt = 1; env === ''; attempt++) {
    try {
      rmSync(cluster, { recursive: true, force: true });
      env = (await run(join(SCRIPTS, 's3-start.sh'), [cluster, String(await freePort()), String(await freePort())], { timeout: 180_000 })).stdout;
    } catch (e) {
      if (attempt < 3) continue; // pool creation can time out on a loaded machine: a fresh cluster usually starts
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`the S3 server (radosgw) did not start: ${(e as { stderr?: string }).stderr ?? e}`);
    }
  }
  const value = (name: string): string => new RegExp(`^${name}=(.*)$`, 'm').exec(env)?.[1] ?? '';
  const settings = (bucket: string): S3Settings => ({
    endpoint: value('S3_ENDPOINT'), region: 'us-east-1', bucket, accessKeyId: value('AWS_ACCESS_KEY_ID'),
    secretAccessKey: value('AWS_SECRET_ACCESS_KEY'), forcePathStyle: true, insecure: true, responseHeaderTimeoutMs: 0,
  });
  const withClient = async <T>(bucket: string, f: (client: S3Client) => Promise<T>): Promise<T> => {
    const s = settings(bucket);
    const client = new S3Client({
      endpoint: s.endpoint, region: s.region, forcePathStyle: true, credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
    });
    try {
      return await f(client);
    } finally {
      client.destroy();
    }
  };
  return {
    settings,
    pids: value('PIDS').replace(/"/g, '').split(' ').map(Number),
    createBucket: (bucket) => withClient(bucket, async (client) => { await client.send(new CreateBucketCommand({ Bucket: bucket })); }),
    requests: async () => {
      const dump = (await run('ceph', ['-c', join(cluster, 'ceph.conf'), 'daemon', 'client.rgw.a', 'perf', 'dump'])).stdout;
      const rgw = (JSON.parse(dump) as { rgw: Record<string, number> }).rgw;
      return { all: rgw.req!, gets: rgw.get!, getBytes: rgw.get_b!, puts: rgw.put!, putBytes: rgw.put_b! };
    },
    list: (bucket, prefix) => withClient(bucket, async (client) => ((await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!)),
    stop: async () => {
      await run(join(SCRIPTS, 's3-stop.sh'), [cluster]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
