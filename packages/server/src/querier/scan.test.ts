import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileLogPipeline, evaluateRange, parseExpr, QueryError, type LogSelectorExpr, type SampleExpr, type SampleSource } from '@logi/logql';
import type { LabelPair } from '@logi/protocol';
import type { EntryIn } from '../ingester/types.js';
import { open, rowsOf, tempDir, T0, SEC, type Row, type TestStorage } from '../ingester/test-helpers.js';
import { streamsResultJSON } from '../api/streams-response.js';
import { LimitCutoff } from './limit-cutoff.js';
import { newQueryBudget } from './query-budget.js';
import { runLogQuery, type LogQueryParams } from './log-query.js';
import type { LogEntryOut } from './log-result.js';
import { runMetricQuery } from './metric-query.js';
import { StoreSampleSource } from './sample-source.js';
import { inlineRunner, WorkerPool, type ScanRunner } from './scan-pool.js';
import { nextQueryId } from './scan-schedule.js';
import type { LogTask } from './scan-task.js';
import { overlapRuns } from './stream-rows.js';

const TENANT = 't';
const STREAMS: LabelPair[][] = [
  [['app', 'api'], ['env', 'prod']],
  [['app', 'api'], ['env', 'dev']],
  [['app', 'web'], ['env', 'prod']],
  [['app', 'worker'], ['env', 'prod']],
];
const ROWS = 1500;
const MIN = 60n * SEC;

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let dir: { dir: string; remove: () => void };
let ing: TestStorage;
const pool = new WorkerPool(2);

/** Rows over 40 minutes with ties, repeated lines and out-of-order pushes after a flush (overlapping runs). */
async function load(): Promise<void> {
  const r = rng(7);
  const entry = (ts: bigint): EntryIn => {
    const n = Math.floor(r() * 20);
    const word = ['alpha', 'needle', 'beta', 'needl', 'gamma'][Math.floor(r() * 5)]!;
    const e: EntryIn = { ts, line: `level=${n > 15 ? 'error' : 'info'} n=${n} msg="${word}" 계정 ${n % 3 === 0 ? '' : 'x'}` };
    if (r() < 0.3) e.sm = [['trace', `t${n % 4}`]];
    return e;
  };
  const half = async (from: number, to: number): Promise<void> => {
    for (const [si, labels] of STREAMS.entries()) {
      const entries: EntryIn[] = [];
      let ts = T0 + BigInt(si);
      for (let i = 0; i < ROWS; i++) {
        ts += BigInt(Math.floor(r() * 3)) * SEC / 4n; // steps of 0, 250 and 500 ms: ties included
        if (i >= from && i < to) entries.push(entry(ts));
      }
      for (let k = 0; k < entries.length; k += 300) await ing.push(TENANT, [{ labels, entries: entries.slice(k, k + 300) }]);
    }
  };
  await half(0, ROWS / 2);
  await ing.flush();
  await half(ROWS / 2, ROWS);
  // late entries inside already stored time, some on the very same timestamps as stored rows
  for (const labels of STREAMS) {
    const late: EntryIn[] = Array.from({ length: 40 }, (_, i) => entry(T0 + BigInt(i * 7) * SEC));
    await ing.push(TENANT, [{ labels, entries: late }]);
  }
}

before(async () => {
  dir = tempDir();
  ing = await open(dir.dir, { blockSize: 4096, chunkTargetSize: 6000 });
  await load();
});

after(async () => {
  await pool.close();
  await ing.close();
  dir.remove();
});

const compare = (forward: boolean) => (a: LogEntryOut, b: LogEntryOut): number => {
  if (a.ts !== b.ts) return (a.ts < b.ts) === forward ? -1 : 1;
  return a.fullKey < b.fullKey ? -1 : a.fullKey > b.fullKey ? 1 : 0;
};

const rowCache = new WeakMap<TestStorage, Map<string, Row[]>>();
async function allRows(from: TestStorage, labels: LabelPair[]): Promise<Row[]> {
  let cache = rowCache.get(from);
  if (!cache) rowCache.set(from, (cache = new Map()));
  const key = JSON.stringify(labels);
  let rows = cache.get(key);
  if (!rows) cache.set(key, (rows = await rowsOf(from, TENANT, labels)));
  return rows;
}

/** The definition: per stream its first `limit` entries in the direction, then the first `limit` of all. */
async function reference(expr: LogSelectorExpr, q: LogQueryParams, from: TestStorage = ing): Promise<LogEntryOut[]> {
  const pipeline = compileLogPipeline(expr.pipeline);
  const forward = q.direction === 'forward';
  const out: LogEntryOut[] = [];
  for (const s of from.selectStreams(TENANT, expr.matchers, q.start, q.end - 1n)) {
    const sp = pipeline.forStream(s.labels);
    const rows = (await allRows(from, s.labels)).filter((x) => x.ts >= q.start && x.ts < q.end);
    if (!forward) rows.reverse();
    let taken = 0;
    for (const row of rows) {
      if (taken >= q.limit) break;
      const p = sp.process(row.ts, Buffer.from(row.line), row.sm);
      if (p === null) continue;
      const l = p.labels;
      out.push({ ts: row.ts, line: String(p.line), stream: l.stream, streamKey: l.streamKey, sm: l.structuredMetadata, parsed: l.parsed, fullKey: l.key });
      taken++;
    }
  }
  return out.sort(compare(forward)).slice(0, q.limit);
}

const brief = (es: readonly LogEntryOut[]): string[] => es.map((e) => `${e.ts} ${e.fullKey} ${e.line}`);

test('log queries on the workers give exactly the definition, in both directions, with and without limits', async () => {
  const queries = [
    '{env="prod"}',
    '{app=~".+"} |= "needle"',
    '{app=~".+"} |= "계정 x"',
    '{app=~".+"} |= "needle" != "error"',
    '{app="api"} | logfmt | n > 12',
    '{app=~".+"} |~ "ne+dle|gamma" | line_format "{{.msg}}"',
    '{app=~".+"} |= "never there"',
  ];
  let compared = 0;
  for (const text of queries) {
    const expr = parseExpr(text) as LogSelectorExpr;
    for (const direction of ['forward', 'backward'] as const) {
      for (const limit of [1, 40, 100000]) {
        for (const [start, end] of [[T0, T0 + 3600n * SEC], [T0 + 3n * MIN, T0 + 9n * MIN]] as const) {
          const q: LogQueryParams = { start, end, limit, direction, interval: 0n };
          const want = brief(await reference(expr, q));
          assert.deepEqual(brief((await runLogQuery(ing, TENANT, expr, q, {}, pool)).entries), want, `${text} ${direction} ${limit}`);
          assert.deepEqual(brief((await runLogQuery(ing, TENANT, expr, q, {}, inlineRunner)).entries), want, `${text} ${direction} ${limit} inline`);
          compared += want.length;
        }
      }
    }
  }
  assert.ok(compared > 5000, `compared ${compared} entries`);
});

test('entries whose labels the scan writes as JSON answer exactly as entries with label pairs, with and without categorize-labels', async () => {
  const queries = ['{app=~".+"}', '{app="api"} | logfmt', '{app=~".+"} | logfmt | level="error" | label_format m="{{.msg}} {{.trace}}"', '{app=~".+"} |= "needle" | logfmt | drop trace'];
  let withMetadata = 0;
  for (const text of queries) {
    const expr = parseExpr(text) as LogSelectorExpr;
    for (const limit of [40, 100000]) {
      const q: LogQueryParams = { start: T0, end: T0 + 3600n * SEC, limit, direction: 'backward', interval: 0n };
      const pairs = (await runLogQuery(ing, TENANT, expr, q, {}, pool)).entries;
      withMetadata += pairs.filter((e) => e.sm.length > 0).length;
      for (const [mode, categorize] of [['all', false], ['categorized', true]] as const) {
        const json = (await runLogQuery(ing, TENANT, expr, { ...q, labelsJSON: mode }, {}, pool)).entries;
        assert.ok(json.every((e) => e.labelsJSON !== undefined && e.sm.length === 0 && e.parsed.length === 0));
        assert.equal(streamsResultJSON(json, categorize), streamsResultJSON(pairs, categorize), `${text} ${limit} ${mode}`);
      }
    }
  }
  assert.ok(withMetadata > 100, `${withMetadata} entries with structured metadata`);
});

test('a log task ends at the first row beyond the cutoff the main thread shares, counting only the rows it read', async () => {
  const expr = parseExpr('{app="api", env="prod"} |= "a"') as LogSelectorExpr;
  const [ref] = [...ing.selectStreams(TENANT, expr.matchers, T0, T0 + 3600n * SEC)];
  const runs = overlapRuns(ing.chunkSources(TENANT, ref!.id, T0, T0 + 3600n * SEC));
  const read = async (cutoff: LimitCutoff, limit: number) => {
    const task: LogTask = {
      kind: 'log', queryId: nextQueryId(), objects: ing.objects, query: '{app="api", env="prod"} | logfmt', labels: ref!.labels, run: runs.at(-1)!,
      fromNs: T0, toNs: T0 + 3600n * SEC, forward: false, limit, maxBytes: 1 << 30, budget: newQueryBudget(), skipBlocks: 0, pieceLines: Infinity, cut: cutoff.shared,
    };
    return pool.run(task);
  };
  const all = await read(new LimitCutoff(1, false), 100000);
  assert.ok(all.entries.length > 100);
  const mid = all.entries[Math.floor(all.entries.length / 2)]!.ts;
  const cutoff = new LimitCutoff(1, false);
  cutoff.add([mid]);
  const cut = await read(cutoff, 100000);
  assert.deepEqual(brief(cut.entries), brief(all.entries.filter((e) => e.ts >= mid)));
  assert.ok(cut.lines < all.lines && cut.lines >= cut.entries.length, `${cut.lines} of ${all.lines} rows`);
  assert.ok(cut.bytes < all.bytes);
});

test('a log task whose whole run is beyond the cutoff fetches none of it', async () => {
  const expr = parseExpr('{app="api", env="prod"}') as LogSelectorExpr;
  const [ref] = [...ing.selectStreams(TENANT, expr.matchers, T0, T0 + 3600n * SEC)];
  const stored = ing.chunkSources(TENANT, ref!.id, T0, T0 + 3600n * SEC).find((s) => s.kind === 'stored');
  assert.ok(stored?.kind === 'stored', 'a stored chunk');
  // the chunk under a key that does not exist: a fetch fails the task
  const gone = [{ ...stored, key: `${stored.key}.gone` }];
  const maxTs = stored.maxTs;
  const read = (cutoff: LimitCutoff) => pool.run<LogTask>({
    kind: 'log', queryId: nextQueryId(), objects: ing.objects, query: '{app="api", env="prod"}', labels: ref!.labels, run: gone,
    fromNs: T0, toNs: T0 + 3600n * SEC, forward: false, limit: 10, maxBytes: 1 << 30, budget: newQueryBudget(), skipBlocks: 0, pieceLines: Infinity, cut: cutoff.shared,
  });
  await assert.rejects(read(new LimitCutoff(1, false)), /^Error: failed to fetch chunk '[^']+\.gone' at offset \d+ \(\d+ bytes\) for tenant `[^`]+`: .* does not exist$/);
  const beyond = new LimitCutoff(1, false);
  beyond.add([maxTs + 1n]); // backward: every row of the run is older than the cutoff
  const r = await read(beyond);
  assert.equal(r.entries.length, 0);
  assert.equal(r.lines, 0);
});

test('metric queries on the workers give the same answer as inline, and count every row', async () => {
  const queries = [
    'count_over_time({app=~".+"}[1m])',
    'sum by (trace) (count_over_time({env="prod"}[5m]))',
    'sum(rate({app=~".+"} |= "needle" [2m]))',
    'sum by (level) (count_over_time({app=~".+"} | logfmt | level="error" [3m]))',
    'sum_over_time({app="api"} | logfmt | unwrap n [1m])',
    'quantile_over_time(0.9, {app=~".+"} | logfmt | unwrap n [5m]) by (app)',
    'bytes_over_time({app="web"}[1m])',
  ];
  const start = T0;
  const end = T0 + 40n * MIN;
  const limits = { maxQuerySeries: 100000 } as Parameters<typeof runMetricQuery>[4];
  for (const text of queries) {
    const expr = parseExpr(text) as SampleExpr;
    const onPool = await runMetricQuery(ing, TENANT, expr, { start, end, step: MIN }, limits, {}, pool);
    const inline = await runMetricQuery(ing, TENANT, expr, { start, end, step: MIN }, limits, {}, inlineRunner);
    assert.equal(onPool.resultJSON, inline.resultJSON, text);
    assert.ok(onPool.resultJSON.length > 100, text);
  }
  // every row counted once: one window covering all data
  const all = parseExpr('sum(count_over_time({app=~".+"}[2h]))') as SampleExpr;
  const r = await runMetricQuery(ing, TENANT, all, { start: end, end, step: 0n }, limits, {}, pool);
  let total = 0;
  for (const labels of STREAMS) total += (await rowsOf(ing, TENANT, labels)).length;
  assert.ok(total > STREAMS.length * ROWS * 0.95, `${total} rows`); // exact duplicates are dropped (at push in memory, when merged once stored)
  assert.match(r.resultJSON, new RegExp(`,"${total}"\\]`));
});

test('a metric query stops reading after the first step window with a failing sample, and fails as a full read does', async () => {
  const cases: [string, bigint][] = [
    ['sum by (level) (count_over_time({app=~".+"} | json [1m]))', 60n * SEC], // every line fails
    ['count_over_time({app=~".+"} | json [10s])', 60n * SEC], // windows with gaps between them
    ['sum_over_time({app=~".+"} | logfmt | label_format x="{{ if gt (int .n) 17 }}{{ repeat 300000 \\"a\\" }}{{ end }}" | unwrap n [2m])', 30n * SEC],
  ];
  for (const [text, step] of cases) {
    const expr = parseExpr(text) as SampleExpr;
    const cut = new StoreSampleSource(ing, TENANT, {}, pool);
    const store = new StoreSampleSource(ing, TENANT, {}, pool);
    // without the step the source cannot tell where windows end, and reads every row
    const full: SampleSource = { sumsBuckets: true, select: (req) => store.select({ ...req, stepNs: undefined }) };
    const fail = (source: SampleSource) => evaluateRange(expr, T0, T0 + 40n * MIN, step, source, { maxQuerySeries: 500 }).then(
      () => assert.fail(`${text} answered`),
      (e: unknown) => (e instanceof QueryError && e.status === 400 ? e.message : assert.fail(String(e))),
    );
    assert.equal(await fail(cut), await fail(full), text);
    assert.match(await fail(cut), /^pipeline error: '(JSONParserErr|TemplateFormatErr)'/);
    assert.ok(cut.stats.linesProcessed < store.stats.linesProcessed / 4, `${text}: ${cut.stats.linesProcessed} of ${store.stats.linesProcessed} rows read`);
  }
});

test('streams whose own labels fail a label filter are never read', async () => {
  const start = T0;
  const end = T0 + 3600n * SEC;
  const devRows = (await rowsOf(ing, TENANT, STREAMS[1]!)).length;
  const limits = { maxQuerySeries: 100000 } as Parameters<typeof runMetricQuery>[4];
  const metric = parseExpr('sum(count_over_time({app=~".+"} | logfmt | env="dev" [2h]))') as SampleExpr;
  const m = await runMetricQuery(ing, TENANT, metric, { start: end, end, step: 0n }, limits, {}, pool);
  assert.match(m.resultJSON, new RegExp(`,"${devRows}"\\]`));
  assert.equal(m.stats.linesProcessed, devRows);
  const log = parseExpr('{app=~".+"} | env="dev"') as LogSelectorExpr;
  const l = await runLogQuery(ing, TENANT, log, { start, end, limit: 100000, direction: 'forward', interval: 0n }, {}, pool);
  assert.equal(l.entries.length, devRows);
  assert.equal(l.stats.linesProcessed, devRows);
});

// Blocks of ~150 rows end pieces at block boundaries; blocks of ~600 rows end the first piece (512 rows) inside
// one, and the next piece goes on from the next time.
for (const blockSize of [4096, 16384]) describe(`long runs, read a piece at a time (4 streams of 6,000 rows in one chunk of ${blockSize}-byte blocks each)`, () => {
  const RUN_ROWS = 6000;
  let longDir: { dir: string; remove: () => void };
  let long: TestStorage;
  const streamOf = (k: number): LabelPair[] => [['job', `s${k}`]];
  before(async () => {
    longDir = tempDir();
    long = await open(longDir.dir, { blockSize });
    for (let k = 0; k < 4; k++) {
      // s3 holds the needle on every line and ends 5 minutes before the others: its run is read last
      const span = k === 3 ? 45n * MIN : 50n * MIN;
      const entries: EntryIn[] = Array.from({ length: RUN_ROWS }, (_, i) => ({
        // pairs of rows share a timestamp: ties across piece boundaries
        ts: T0 + (span * BigInt(i - (i % 2))) / BigInt(RUN_ROWS),
        line: `row ${i} of s${k}${k === 3 ? ' needle' : ''}`,
      }));
      for (let i = 0; i < entries.length; i += 1000) await long.push(TENANT, [{ labels: streamOf(k), entries: entries.slice(i, i + 1000) }]);
    }
    await long.flush();
  });
  after(async () => {
    await long.close();
    longDir.remove();
  });

  test('limited and unlimited log queries give exactly the definition', async () => {
    for (const text of ['{job=~"s.*"}', '{job=~"s.*"} |= "needle"', '{job=~"s.*"} |~ "row [0-9]*7 "']) {
      const expr = parseExpr(text) as LogSelectorExpr;
      for (const direction of ['forward', 'backward'] as const) {
        for (const limit of [1, 100, 2049, 5000, 30000]) {
          const q: LogQueryParams = { start: T0, end: T0 + 3600n * SEC, limit, direction, interval: 0n };
          const want = brief(await reference(expr, q, long));
          assert.deepEqual(brief((await runLogQuery(long, TENANT, expr, q, {}, pool)).entries), want, `${text} ${direction} ${limit}`);
          assert.deepEqual(brief((await runLogQuery(long, TENANT, expr, q, {}, inlineRunner)).entries), want, `${text} ${direction} ${limit} inline`);
        }
      }
    }
  });

  test('a limited backward query stops reading the other streams once the limit is reached', async () => {
    const expr = parseExpr('{job=~"s.*"} |= "needle"') as LogSelectorExpr;
    const q: LogQueryParams = { start: T0, end: T0 + 3600n * SEC, limit: 100, direction: 'backward', interval: 0n };
    // one task at a time: the newest piece of each stream (a little over 512 rows) and s3's newest rows
    const inline = await runLogQuery(long, TENANT, expr, q, {}, inlineRunner);
    assert.deepEqual(brief(inline.entries), brief(await reference(expr, q, long)));
    assert.ok(inline.stats.linesProcessed < RUN_ROWS, `${inline.stats.linesProcessed} lines read inline`);
    // on the workers as much is read when s3's answer comes in time; how many more pieces start before it
    // depends on the threads' timing, so only the answer is checked
    const onPool = await runLogQuery(long, TENANT, expr, q, {}, pool);
    assert.deepEqual(brief(onPool.entries), brief(inline.entries));
  });

  test('a limited query with no filter builds not much more than its limit of entries', async () => {
    let built = 0;
    const counting: ScanRunner = {
      ...inlineRunner,
      run: async (task, signal) => {
        const r = await inlineRunner.run(task, signal);
        if (r.kind === 'log') built += r.entries.length;
        return r;
      },
    };
    const expr = parseExpr('{job=~"s.*"}') as LogSelectorExpr;
    const q: LogQueryParams = { start: T0, end: T0 + 3600n * SEC, limit: 1000, direction: 'backward', interval: 0n };
    const res = await runLogQuery(long, TENANT, expr, q, {}, counting);
    assert.deepEqual(brief(res.entries), brief(await reference(expr, q, long)));
    assert.ok(built < 1800, `${built} entries built`);
  });

  /** The inline runner, counting the tasks it runs. */
  const countingTasks = (): { runner: ScanRunner; tasks: () => number } => {
    let n = 0;
    return { runner: { ...inlineRunner, run: (task, signal) => { n++; return inlineRunner.run(task, signal); } }, tasks: () => n };
  };

  test('pieces after the first read what the entries still missing call for, at the rate the streams found them', async () => {
    const counting = countingTasks();
    // one row in ten is kept: 100 entries of each stream are the newest 1,000 rows of each
    const expr = parseExpr('{job=~"s.*"} |~ "row [0-9]*7 "') as LogSelectorExpr;
    const q: LogQueryParams = { start: T0, end: T0 + 3600n * SEC, limit: 400, direction: 'backward', interval: 0n };
    const res = await runLogQuery(long, TENANT, expr, q, {}, counting.runner);
    assert.deepEqual(brief(res.entries), brief(await reference(expr, q, long)));
    // about 1,000 rows of each stream; pieces growing fourfold from 512 rows read 7,490
    assert.ok(res.stats.linesProcessed < 5000, `${res.stats.linesProcessed} rows read in ${counting.tasks()} tasks`);
  });

  test('a run whose first piece keeps nothing is read to its end in one more task', async () => {
    const counting = countingTasks();
    const expr = parseExpr('{job=~"s.*"} |= "never there"') as LogSelectorExpr;
    const q: LogQueryParams = { start: T0, end: T0 + 3600n * SEC, limit: 100, direction: 'backward', interval: 0n };
    const res = await runLogQuery(long, TENANT, expr, q, {}, counting.runner);
    assert.deepEqual(res.entries, []);
    assert.equal(res.stats.linesProcessed, 4 * RUN_ROWS);
    // each run: its first piece, then the rest in one task
    assert.equal(counting.tasks(), 4 * 2);
  });
});
