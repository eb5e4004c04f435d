// Replays the conformance corpus (answers recorded from Grafana Loki 3.6.7) against a real `logi serve`
// on 127.0.0.1: the dataset is pushed over HTTP, then every case is sent and compared. Twice: answered from
// the ingester's memory, and from the store on S3 (radosgw) by a fresh server on an empty disk after the
// server that was pushed to flushed and stopped.
import { after, before, describe, test } from 'node:test';
import { s3Skip, startS3, type S3TestServer } from '../testing/s3-server.js';
import { readFileSync } from 'node:fs';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { CONFORMANCE_LIMITS, startTestServer, type TestServer } from '../testing/test-server.js';
import { compareCase, endpointKind, type Case } from './compare.js';

const FIXTURES = new URL('../../testdata/conformance/', import.meta.url);

/** Categories whose every case must pass: all of them. */
const REQUIRED = new Set([
  'seed_queries', 'selectors', 'line_filters', 'parser_json', 'parser_logfmt', 'parser_regexp_pattern', 'parser_unpack',
  'label_filters', 'formatting', 'drop_keep', 'decolorize', 'structured_metadata', 'log_queries', 'range_aggregations',
  'vector_aggregations', 'binary_ops', 'instant_queries', 'query_range_steps', 'labels_api', 'series_api', 'index_api',
  'errors', 'push', 'drilldown_api',
]);

/** Cases still open, with what is known (none at the moment). */
const OPEN: Record<string, string> = {};

const PUSH_BATCH_BYTES = 512 * 1024;

interface Dataset { streams: { stream: Record<string, string>; values: [string, string, Record<string, string>?][] }[] }

let server: TestServer;
let base: string;

async function send(req: Case['request']): Promise<{ status: number; body: unknown }> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(req.params ?? {})) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, String(x));
  const headers: Record<string, string> = {};
  let payload: Buffer | undefined;
  if (req.body !== undefined) {
    payload = Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
    headers['Content-Type'] = 'application/json';
  }
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    for (const h of Object.keys(headers)) if (h.toLowerCase() === k.toLowerCase()) delete headers[h];
    if (v !== null) headers[k] = v;
  }
  if (payload && req.contentEncoding) {
    payload = req.contentEncoding === 'gzip' ? gzipSync(payload) : req.contentEncoding === 'deflate' ? deflateSync(payload) : deflateRawSync(payload);
    headers['Content-Encoding'] = req.contentEncoding === 'deflate-raw' ? 'deflate' : req.contentEncoding;
  }
  const s = qs.toString();
  const r = await fetch(`${base}${req.path}${s ? '?' + s : ''}`, {
    method: req.method ?? 'GET', headers, body: payload ? new Uint8Array(payload) : undefined,
  });
  const text = await r.text();
  let body: unknown = text;
  if ((r.headers.get('content-type') ?? '').includes('json')) {
    try { body = JSON.parse(text); } catch { /* compared as text */ }
  }
  return { status: r.status, body };
}

async function pushDataset(ds: Dataset): Promise<void> {
  for (const s of ds.streams) {
    let batch: Dataset['streams'][number]['values'] = [];
    let size = 0;
    const flush = async (): Promise<void> => {
      const r = await send({ method: 'POST', path: '/loki/api/v1/push', body: { streams: [{ stream: s.stream, values: batch }] } });
      if (r.status !== 204) throw new Error(`dataset push failed: HTTP ${r.status} ${String(r.body).slice(0, 300)}`);
      batch = [];
      size = 0;
    };
    for (const v of s.values) {
      const bytes = v[0].length + Buffer.byteLength(v[1]) + (v[2] ? Buffer.byteLength(JSON.stringify(v[2])) : 0) + 8;
      if (batch.length && size + bytes > PUSH_BATCH_BYTES) await flush();
      batch.push(v);
      size += bytes;
    }
    if (batch.length) await flush();
  }
}

const { cases } = JSON.parse(readFileSync(new URL('cases.json', FIXTURES), 'utf8')) as { cases: Case[] };
const isPushPhase = (c: Case): boolean => c.phase === 'push' || endpointKind(c.request.path) === 'push';

function suite(name: string, open: () => Promise<TestServer>, stop: () => Promise<void>, skip: string | false = false): void {
  describe(name, { skip }, () => {
    before(async () => {
      server = await open();
      base = server.base;
    }, { timeout: 300_000 });
    after(async () => {
      await server?.close();
      await stop();
    });

    // query cases first, then whatever writes, in file order (as the corpus requires)
    for (const c of [...cases.filter((x) => !isPushPhase(x)), ...cases.filter(isPushPhase)]) {
      test(`${c.id} [${c.category}] ${c.title ?? ''}`, { todo: OPEN[c.id] ?? !REQUIRED.has(c.category) }, async () => {
        const got = await send(c.request);
        const diff = compareCase(c, got.status, got.body);
        if (diff) throw new Error(diff);
      });
    }
  });
}

const dataset = (): Dataset => JSON.parse(readFileSync(new URL('push.json', FIXTURES), 'utf8')) as Dataset;

suite('conformance with Grafana Loki 3.6.7', async () => {
  const s = await startTestServer({ limits: CONFORMANCE_LIMITS });
  base = s.base;
  await pushDataset(dataset());
  return s;
}, async () => undefined);

let s3: S3TestServer | undefined;
suite('conformance with Grafana Loki 3.6.7, stored on S3', async () => {
  s3 = await startS3();
  await s3.createBucket('logi-conformance');
  const { bucket, ...rest } = s3.settings('logi-conformance');
  const storage = { objectStore: 's3', s3: { ...rest, bucketnames: bucket } };
  const writer = await startTestServer({ limits: CONFORMANCE_LIMITS, storage });
  base = writer.base;
  await pushDataset(dataset());
  await writer.close(); // flushes everything into the bucket
  return startTestServer({ limits: CONFORMANCE_LIMITS, storage });
}, async () => { await s3?.stop(); }, s3Skip());
