import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freePort, pushLines, startTempLogi, type LogiProcess } from '../../server/dist/testing/logi-process.js';
import { runCli, startCli } from './testing/run-cli.js';

// 2024-01-01T00:00:00Z; pushLines puts line i at T0 + i µs, so timestamps need rfc3339nano to differ.
const T0 = 1704067200_000_000_000n;
// Timestamps print in the local zone, which runCli sets to UTC.
const WINDOW = ['--from', '2024-01-01T00:00:00Z', '--to', '2024-01-01T00:01:00Z'];
const NANO = ['--output-timestamp-format', 'rfc3339nano'];

let logi: LogiProcess & { close(): Promise<void> };
let addr: string[];

before(async () => {
  logi = await startTempLogi();
  addr = ['--addr', logi.base];
  assert.equal((await pushLines(logi.base, 'app', T0, ['first', 'second', 'third'])).status, 204);
  assert.equal((await pushLines(logi.base, 'db', T0 + 500n, ['db one', 'db two'])).status, 204);
  assert.equal((await pushLines(logi.base, 'page', T0, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'])).status, 204);
  // s1 and s2 share T0, s3 and s4 share T0 + 1 µs: pages of 3 split that pair both ways.
  assert.equal((await pushLines(logi.base, 'same', T0, ['s1', 's3', 's5', 's6'])).status, 204);
  assert.equal((await pushLines(logi.base, 'same', T0, ['s2', 's4'])).status, 204);
  assert.equal((await pushLines(logi.base, 'levels', T0, ['level=error msg=boom'])).status, 204);
  const long = Array.from({ length: 3000 }, (_, i) => `${i} ${'x'.repeat(100)}`);
  assert.equal((await pushLines(logi.base, 'long', T0, long)).status, 204);
});

after(async () => { await logi.close(); });

test('query prints timestamp, the labels streams do not share, and the line, newest first', async () => {
  const r = await runCli(['query', ...addr, ...WINDOW, ...NANO, '{job=~"app|db"}']);
  assert.equal(r.stdout, [
    '2024-01-01T00:00:00.000002Z {job="app", service_name="app"} third',
    '2024-01-01T00:00:00.0000015Z {job="db", service_name="db"}   db two',
    '2024-01-01T00:00:00.000001Z {job="app", service_name="app"} second',
    '2024-01-01T00:00:00.0000005Z {job="db", service_name="db"}   db one',
    '2024-01-01T00:00:00Z {job="app", service_name="app"} first',
    '',
  ].join('\n'));
  assert.equal(r.stderr, 'Common labels: {detected_level="unknown"}\n');
  assert.equal(r.code, 0);
});

test('query --forward --output raw prints only the lines, oldest first; --quiet drops the common labels note', async () => {
  const r = await runCli(['query', ...addr, ...WINDOW, '--forward', '--output', 'raw', '-q', '{job=~"app|db"}']);
  assert.equal(r.stdout, 'first\ndb one\nsecond\ndb two\nthird\n');
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
});

test('query --output jsonl prints one JSON object per entry, with all its labels if asked', async () => {
  const r = await runCli(['query', ...addr, ...WINDOW, ...NANO, '-o', 'jsonl', '--limit', '2', '--include-common-labels', '{job="app"}']);
  const labels = { detected_level: 'unknown', job: 'app', service_name: 'app' };
  assert.deepEqual(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown), [
    { labels, line: 'third', timestamp: '2024-01-01T00:00:00.000002Z' },
    { labels, line: 'second', timestamp: '2024-01-01T00:00:00.000001Z' },
  ]);
  assert.equal(r.code, 0);
  const common = await runCli(['query', ...addr, ...WINDOW, '-o', 'jsonl', '--limit', '1', '{job="app"}']);
  assert.equal(common.stdout, '{"labels":{},"line":"third","timestamp":"2024-01-01T00:00:00Z"}\n');
});

test('query --limit stops after that many entries, fetched in --batch sized pages', async () => {
  const r = await runCli(['query', ...addr, ...WINDOW, '-o', 'raw', '--forward', '--limit', '5', '--batch', '2', '{job="page"}']);
  assert.equal(r.stdout, 'p1\np2\np3\np4\np5\n');
  const backward = await runCli(['query', ...addr, ...WINDOW, '-o', 'raw', '--limit', '4', '--batch', '3', '{job="page"}']);
  assert.equal(backward.stdout, 'p7\np6\np5\np4\n');
});

test('query --limit 0 pages through every entry', async () => {
  const r = await runCli(['query', ...addr, ...WINDOW, '-o', 'raw', '--forward', '--limit', '0', '--batch', '3', '{job="page"}']);
  assert.equal(r.stdout, 'p1\np2\np3\np4\np5\np6\np7\n');
  assert.equal(r.stderr, 'Common labels: {detected_level="unknown", job="page", service_name="page"}\n', 'noted once, not once a page');
  assert.equal(r.code, 0);
});

test('paging neither repeats nor loses entries that share the timestamp a page ends at', async () => {
  for (const direction of [['--forward'], []]) {
    const r = await runCli(['query', ...addr, ...WINDOW, '-o', 'raw', '--limit', '0', '--batch', '3', ...direction, '{job="same"}']);
    assert.deepEqual(r.stdout.trimEnd().split('\n').sort(), ['s1', 's2', 's3', 's4', 's5', 's6']);
    assert.equal(r.code, 0);
  }
});

test('a reader that stops early ends the query quietly', async () => {
  const cli = startCli(['query', ...addr, ...WINDOW, '-q', '-o', 'raw', '--limit', '0', '{job="long"}']);
  cli.child.stdout!.once('data', () => cli.child.stdout!.destroy());
  assert.equal(await cli.closed, 0);
  assert.equal(cli.stderr(), '');
});

test('a metric query prints a table', async () => {
  const r = await runCli(['query', ...addr, ...WINDOW, '--step', '30s', 'sum by (job) (count_over_time({job=~"app|db"}[1m]))']);
  assert.equal(r.stdout, [
    'TIMESTAMP             VALUE  LABELS',
    '2024-01-01T00:00:00Z  1      {job="app"}',
    '2024-01-01T00:00:30Z  3      {job="app"}',
    '2024-01-01T00:01:00Z  2      {job="app"}',
    '2024-01-01T00:00:30Z  2      {job="db"}',
    '2024-01-01T00:01:00Z  2      {job="db"}',
    '',
  ].join('\n'));
  assert.equal(r.code, 0);
});

test('instant-query evaluates at --now; jsonl gives one object per sample, raw the JSON Loki sent', async () => {
  const query = 'sum by (job) (count_over_time({job=~"app|db"}[1m]))';
  const now = ['--now', '2024-01-01T00:00:30Z'];
  const table = await runCli(['instant-query', ...addr, ...now, query]);
  assert.equal(table.stdout, 'TIMESTAMP             VALUE  LABELS\n2024-01-01T00:00:30Z  3      {job="app"}\n2024-01-01T00:00:30Z  2      {job="db"}\n');
  const jsonl = await runCli(['instant-query', ...addr, ...now, '-o', 'jsonl', query]);
  assert.deepEqual(jsonl.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown), [
    { labels: { job: 'app' }, timestamp: '2024-01-01T00:00:30Z', value: '3' },
    { labels: { job: 'db' }, timestamp: '2024-01-01T00:00:30Z', value: '2' },
  ]);
  const raw = await runCli(['instant-query', ...addr, ...now, '-o', 'raw', query]);
  assert.deepEqual(JSON.parse(raw.stdout), [
    { metric: { job: 'app' }, value: [1704067230, '3'] },
    { metric: { job: 'db' }, value: [1704067230, '2'] },
  ]);
});

test('FORCE_COLOR colors timestamps, labels and the level of a line', async () => {
  const r = await runCli(['query', ...addr, ...WINDOW, '--include-common-labels', '{job="levels"}'], { FORCE_COLOR: '1' });
  assert.equal(r.stdout, '\x1b[34m2024-01-01T00:00:00Z\x1b[0m '
    + `\x1b[${/\x1b\[(\d+)m\{/.exec(r.stdout)?.[1]}m{detected_level="error", job="levels", service_name="levels"}\x1b[0m `
    + '\x1b[31mlevel=error\x1b[0m msg=boom\n');
  const plain = await runCli(['query', ...addr, ...WINDOW, '--include-common-labels', '{job="levels"}']);
  assert.equal(plain.stdout, '2024-01-01T00:00:00Z {detected_level="error", job="levels", service_name="levels"} level=error msg=boom\n');
});

test('labels lists names, or the values of one label', async () => {
  const names = await runCli(['labels', ...addr, ...WINDOW]);
  assert.equal(names.stdout, 'job\nservice_name\n');
  const values = await runCli(['labels', ...addr, ...WINDOW, 'job']);
  assert.equal(values.stdout, 'app\ndb\nlevels\nlong\npage\nsame\n');
  assert.equal(values.code, 0);
});

test('series lists the label sets of the matching streams', async () => {
  const r = await runCli(['series', ...addr, ...WINDOW, '{job=~"app|db"}']);
  assert.equal(r.stdout, '{job="app", service_name="app"}\n{job="db", service_name="db"}\n');
  assert.equal(r.code, 0);
});

test('series --analyze-labels counts the values of each label name', async () => {
  const r = await runCli(['series', ...addr, ...WINDOW, '--analyze-labels', '{job=~".+"}']);
  assert.equal(r.stdout, [
    'Total Streams:  6',
    'Unique Labels:  2',
    '',
    'Label Name    Unique Values  Found In Streams',
    'job           6              6',
    'service_name  6              6',
    '',
  ].join('\n'));
});

test('stats prints bytes, chunks, streams and entries as logcli does', async () => {
  const r = await runCli(['stats', ...addr, ...WINDOW, '{job=~"app|db"}']);
  assert.equal(r.stdout, '{\n  bytes: 28B\n  chunks: 2\n  streams: 2\n  entries: 5\n}\n');
  assert.equal(r.code, 0);
});

test('volume and volume_range print the bytes per stream as a table', async () => {
  const volume = await runCli(['volume', ...addr, ...WINDOW, '{job=~"app|db"}']);
  assert.equal(volume.stdout, 'TIMESTAMP             VALUE  LABELS\n2024-01-01T00:01:00Z  16     {job="app"}\n2024-01-01T00:01:00Z  12     {job="db"}\n');
  const range = await runCli(['volume_range', ...addr, ...WINDOW, '--step', '1m', '-o', 'jsonl', '{job="app"}']);
  assert.equal(range.stdout, '{"labels":{"job":"app"},"timestamp":"2024-01-01T00:01:00Z","value":"16"}\n');
});

test('a query the server refuses prints its status and message on one line, exit 1', async () => {
  const r = await runCli(['query', ...addr, '{job=}']);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'logi query: error response from server: 400 Bad Request: parse error at line 1, col 6: syntax error: unexpected }, expecting STRING\n');
  assert.equal(r.code, 1);
});

test('LOKI_ADDR is used when --addr is not given; a refused connection names the address', async () => {
  const viaEnv = await runCli(['labels', ...WINDOW, 'job'], { LOKI_ADDR: logi.base });
  assert.equal(viaEnv.stdout, 'app\ndb\nlevels\nlong\npage\nsame\n');
  const closed = `http://127.0.0.1:${await freePort()}`;
  const refused = await runCli(['labels', '--addr', closed]);
  assert.equal(refused.stderr, `logi labels: cannot connect to ${closed}: connection refused\n`);
  assert.equal(refused.code, 1);
});

test('a wrong command line prints the usage and exits 2', async () => {
  const unknown = await runCli(['query', '--nope', '{job="app"}']);
  assert.match(unknown.stderr, /^logi query: Unknown option '--nope'.*\nusage: logi query /s);
  assert.equal(unknown.code, 2);
  const mode = await runCli(['query', ...addr, '-o', 'yaml', '{job="app"}']);
  assert.match(mode.stderr, /^logi query: unknown log output mode 'yaml'\n/);
  assert.equal(mode.code, 2);
});
