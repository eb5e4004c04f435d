// The spec's metric examples (§9, 30-52) as the querier runs them: parsed by the syntax package,
// samples extracted from raw lines by the log pipeline, evaluated here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sortLabels } from '@logi/protocol';
import { compileSampleExtractor } from '../log/sample-extractor.js';
import { parseExpr } from '../syntax/parser.js';
import type { SampleExpr } from '../syntax/ast.js';
import { evaluateInstant, evaluateRange } from './evaluate.js';
import { QueryError } from './errors.js';
import { SampleBatchBuilder } from './sample-batch.js';
import type { MetricResult } from './result.js';
import type { SampleBatch, SampleRequest, SampleSource } from './source.js';
import { SECOND, selectorTest } from './testing.js';

const T0 = 1699999200n * SECOND;
const at = (s: number): bigint => T0 + BigInt(s) * SECOND;

const STREAMS: { labels: Record<string, string>; lines: [number, string][] }[] = [
  {
    labels: { app: 'web', env: 'prod' },
    lines: [
      [10, 'level=info msg="GET /api" status=200 latency=120ms size=1.5KB'],
      [20, 'level=error msg="GET /login" status=500 latency=2s size=300B'],
      [40, 'level=warn msg="timeout on /api" status=504 latency=5s'],
    ],
  },
  {
    labels: { app: 'web', env: 'dev' },
    lines: [
      [15, '{"level":"error","user":{"id":"user-456","name":"Ann"},"status":503,"tags":["a"],"app":"frontend"}'],
      [30, '{"level":"info","user":{"id":"user-123"},"status":200,"duration":"250ms"}'],
    ],
  },
  {
    labels: { app: 'api', env: 'prod' },
    lines: [
      [25, '10.0.0.5 - - [14/Nov/2023:22:00:25 +0000] "POST /v1/items HTTP/1.1" 201 512'],
      [50, '192.168.1.7 - - [14/Nov/2023:22:00:50 +0000] "GET /v1/items HTTP/1.1" 404 0'],
    ],
  },
  {
    labels: { app: 'db', env: 'prod' },
    lines: [
      [35, '\x1b[31mERROR\x1b[0m connection refused'],
      [55, 'msg="unterminated'],
    ],
  },
];

/** What the querier does: run each matching stream's lines through the extractor. */
const SOURCE: SampleSource = {
  select(req: SampleRequest): SampleBatch {
    const extractor = compileSampleExtractor(req.expr.range, req.expr.op, req.grouping ? { grouping: req.grouping } : {});
    const matches = selectorTest(req.expr.range.selector.matchers);
    const batch = new SampleBatchBuilder(req.startNs);
    for (const stream of STREAMS) {
      if (!matches(stream.labels)) continue;
      const perStream = extractor.forStream(sortLabels(Object.entries(stream.labels)));
      for (const [s, line] of stream.lines) {
        const ts = at(s);
        if (ts <= req.startNs || ts > req.endNs) continue;
        const sample = perStream.process(ts, Buffer.from(line), undefined);
        if (sample) batch.add(sample.series, ts, sample.value);
      }
    }
    return batch.build();
  },
};

function simplify(r: MetricResult): unknown {
  switch (r.type) {
    case 'vector':
      return r.samples.map((s) => [Object.fromEntries(s.labels), s.value]);
    case 'matrix':
      return r.series.map((s) => [Object.fromEntries(s.labels), s.timestampsMs.map((t, i) => [(t - 1699999200000) / 1000, s.values[i]])]);
    case 'scalar':
      return r.value;
  }
}

const instant = (q: string) => evaluateInstant(parseExpr(q) as SampleExpr, at(60), SOURCE, { maxQuerySeries: 500 });
const WEB = { app: 'web', env: 'prod' };

const CASES: [string, unknown][] = [
  ['count_over_time({app="web"}[1m])', [[{ app: 'web', env: 'dev' }, 2], [WEB, 3]]],
  ['count_over_time({app="web"}[30s])', [[WEB, 1]]],
  ['rate({app="web"} |= "error" [1m])', [[{ app: 'web', env: 'dev' }, 0.016666666666666666], [WEB, 0.016666666666666666]]],
  ['sum by (app) (rate({env="prod"}[1m]))', [[{ app: 'api' }, 0.03333333333333333], [{ app: 'db' }, 0.03333333333333333], [{ app: 'web' }, 0.05]]],
  ['sum(sum_over_time({app="web",env="prod"} | logfmt | unwrap duration(latency) [1m]))', [[{}, 7.12]]],
  ['avg_over_time({app="web",env="prod"} | logfmt | unwrap duration(latency) [1m]) by (app)', [[{ app: 'web' }, 2.3733333333333335]]],
  ['max_over_time({app="web",env="prod"} | logfmt | unwrap bytes(size) [1m]) by (env)', [[{ env: 'prod' }, 1500]]],
  ['quantile_over_time(0.5, {app="web",env="prod"} | logfmt | unwrap status [1m]) by (app)', [[{ app: 'web' }, 500]]],
  ['topk(1, sum by (app) (count_over_time({env="prod"}[1m])))', [[{ app: 'web' }, 3]]],
  ['sum by (app) (count_over_time({env="prod"}[1m])) > 2', [[{ app: 'web' }, 3]]],
  ['sum by (app) (count_over_time({env="prod"}[1m])) > bool 2', [[{ app: 'api' }, 0], [{ app: 'db' }, 0], [{ app: 'web' }, 1]]],
  [
    'sum by (env) (count_over_time({app="web"}[1m])) / on() group_left sum(count_over_time({app="web"}[1m]))',
    [[{ env: 'dev' }, 0.4], [{ env: 'prod' }, 0.6]],
  ],
  ['count_over_time({app="web"}[1m]) and count_over_time({app="web"} |= "timeout" [1m])', [[WEB, 3]]],
  ['count_over_time({app="web"}[1m]) unless count_over_time({app="web"} |= "timeout" [1m])', [[{ app: 'web', env: 'dev' }, 2]]],
  [
    'label_replace(sum by (app) (count_over_time({env="prod"}[1m])), "team", "t-$1", "app", "(a.*)")',
    [[{ app: 'api', team: 't-api' }, 2], [{ app: 'db' }, 2], [{ app: 'web' }, 3]],
  ],
  ['absent_over_time({app="missing"}[1m])', [[{ app: 'missing' }, 1]]],
  ['absent_over_time({app="web"}[1m])', []],
  ['sum(count_over_time({app="missing"}[1m])) or vector(0)', [[{}, 0]]],
  ['count_over_time({app="web"}[1m] offset 30s)', [[{ app: 'web', env: 'dev' }, 2], [WEB, 2]]],
  ['bytes_over_time({app="db"}[1m])', [[{ app: 'db', env: 'prod' }, 50]]],
  ['sum by (level) (count_over_time({app="web",env="dev"} | json [1m]))', [[{ level: 'error' }, 1], [{ level: 'info' }, 1]]],
  ['sum(count_over_time({app="web"} | json [1m]))', [[{}, 5]]],
  ['sum by (level) (count_over_time({app="web"} | json | __error__="" [1m]))', [[{ level: 'error' }, 1], [{ level: 'info' }, 1]]],
  ['sum by (__error__) (count_over_time({app="web"} | json [1m]))', [[{}, 2], [{ __error__: 'JSONParserErr' }, 3]]],
  ['sort_desc(sum by (env) (count_over_time({app=~".+"}[1m])))', [[{ env: 'prod' }, 7], [{ env: 'dev' }, 2]]],
  ['1 + 1', 2],
  ['2 > 3', 0],
];

describe('spec examples, parsed and extracted from raw lines', () => {
  for (const [query, want] of CASES) it(query, async () => assert.deepEqual(simplify(await instant(query)), want));

  const failing: [string, string][] = [
    ['sum_over_time({app="web",env="prod"} | logfmt | unwrap latency [1m])', 'SampleExtractionErr'],
    ['count_over_time({app="web"} | json [1m])', 'JSONParserErr'],
    ['sum by (level) (count_over_time({app="web"} | json [1m]))', 'JSONParserErr'],
  ];
  for (const [query, err] of failing) {
    it(`${query} fails with ${err}`, async () => {
      await assert.rejects(instant(query), (e: unknown) => e instanceof QueryError && e.status === 400 && e.message.startsWith(`pipeline error: '${err}'`));
    });
  }

  it('count_over_time({app="web"}[20s]) as a range query', async () => {
    const r = await evaluateRange(parseExpr('count_over_time({app="web"}[20s])') as SampleExpr, at(20), at(60), 20n * SECOND, SOURCE, {
      maxQuerySeries: 500,
    });
    assert.deepEqual(simplify(r), [
      [{ app: 'web', env: 'dev' }, [[20, 1], [40, 1]]],
      [WEB, [[20, 2], [40, 1]]],
    ]);
  });
});
