// The logfmt label prefilter: which pipelines get one, what it drops, and that a pipeline with it answers
// exactly as the same pipeline without it (a no-op `| drop` in front of logfmt turns it off).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LabelPair } from '@logi/protocol';
import { parseExpr } from '../syntax/parser.js';
import type { Stage } from '../syntax/ast.js';
import { labelPrefilter } from './label-prefilter.js';
import { LabelsResultCache } from './labels-result.js';
import { compileLogPipeline, hoistLineFilters } from './pipeline.js';
import { LineState } from './stage.js';

function stagesOf(query: string): Stage[] {
  const e = parseExpr(query);
  if (e.kind !== 'log_selector') throw new Error(`not a log query: ${query}`);
  return e.pipeline;
}

test('only a non-strict logfmt without parameters followed by a label filter gets a prefilter', () => {
  const has = (q: string): boolean => labelPrefilter(hoistLineFilters(stagesOf(q))) !== undefined;
  assert.ok(has('{a="b"} | logfmt | duration > 500ms'));
  assert.ok(has('{a="b"} |= "GET" | logfmt | status >= 500 | line_format "{{.msg}}"'));
  assert.ok(has('{a="b"} | logfmt |= "x" | level="error"')); // the line filter runs first (hoisted)
  assert.ok(!has('{a="b"} | logfmt --strict | duration > 500ms'));
  assert.ok(!has('{a="b"} | logfmt duration | duration > 500ms'));
  assert.ok(!has('{a="b"} | json | duration > 500ms'));
  assert.ok(!has('{a="b"} | logfmt'));
  assert.ok(!has('{a="b"} | logfmt | line_format "{{.duration}}" | duration > 500ms'));
});

test('it drops the lines whose filtered key fails, reading only that key', () => {
  const pre = labelPrefilter(stagesOf('{a="b"} | logfmt | duration > 500ms'))!.forStream([['a', 'b']], new LabelsResultCache());
  const st = new LineState();
  const passes = (line: string): boolean => {
    st.reset(1n, Buffer.from(line));
    return pre(st, undefined);
  };
  assert.equal(passes('level=info duration=120ms'), false);
  assert.equal(passes('level=info'), false);
  assert.equal(passes('duration=900ms level=info'), true);
  assert.equal(passes('duration=900ms broken="unterminated'), true);
  assert.equal(passes('duration=slow'), true); // not a duration: the full run keeps it with LabelFilterErr
});

const CASES: { filter: string; stream: LabelPair[]; sm?: LabelPair[] }[] = [
  { filter: 'duration > 500ms', stream: [['app', 'api']] },
  { filter: 'duration > 500ms', stream: [['app', 'api'], ['duration', '1s']] },
  { filter: 'duration_extracted > 500ms', stream: [['app', 'api'], ['duration', '1s']] },
  { filter: 'duration > 500ms', stream: [['app', 'api']], sm: [['duration', '2s']] },
  { filter: 'duration > 500ms', stream: [['app', 'api']], sm: [['__error__', 'SampleErr']] },
  { filter: 'duration > 500ms or status >= 500', stream: [['app', 'api']] },
  { filter: 'duration > 500ms and level="error"', stream: [['app', 'api']] },
  { filter: 'dura_tion > 500ms', stream: [['app', 'api']] },
  { filter: '__error__=""', stream: [['app', 'api']] },
  { filter: 'app="api"', stream: [['app', 'api']] },
  { filter: 'app_extracted="x"', stream: [['app', 'api']] },
  { filter: 'duration != 100ms', stream: [['app', 'api']] },
  { filter: 'duration <= 500ms', stream: [['app', 'api']], sm: [['trace', 't1']] },
  { filter: 'status=""', stream: [['app', 'api']] },
  { filter: 'status!~"5.."', stream: [['app', 'api']] },
  { filter: 'duration > 500ms and status >= 500', stream: [['app', 'api']] },
  // keys that become the name only once sanitised: a leading digit, a character that is not ASCII
  { filter: '_9x > 1', stream: [['app', 'api']] },
  { filter: 'dur_tion > 500ms', stream: [['app', 'api']] },
];
const LINES = [
  'level=info duration=120ms status=200',
  'level=error duration=900ms status=502',
  'level=error duration=100ms duration=900ms status=500',
  'duration=900ms duration=100ms',
  'duration= status=503',
  'duration=slow',
  'dura-tion=900ms app=x',
  'msg="no duration here" app=x',
  'duration=700ms broken="unterminated',
  '"quoted key"=1 duration=1.5s',
  '',
  // shapes the byte test must leave to the tokenizer, or read right
  'msg="took duration=900ms" level=info',
  'msg="took duration=100ms" level=info',
  'msg="took duration=100ms today" duration=900ms',
  'a="b"duration=900ms',
  'xduration=900ms status=500',
  'duration =900ms',
  '\tduration=900ms\tstatus=500',
  'duration=900ms"x',
  'duration=900ms=x status=500',
  'duration="900ms"',
  'duration=90ms msg="status=500"',
  'status=500 msg="a duration=900ms"',
  'msg="a status=500 b" level=info',
  'duration=',
  'duration',
  '9x=5 duration=900ms',
  'dur€tion=900ms 9x=0',
  'dur_tion=100ms dur€tion=900ms',
];

test('a pipeline answers the same with the prefilter as without it', () => {
  for (const keepEmpty of ['', ' --keep-empty']) {
    for (const { filter, stream, sm } of CASES) {
      const answers = (query: string): (string | null)[] => {
        const p = compileLogPipeline(stagesOf(query)).forStream(stream);
        return LINES.map((l) => {
          const r = p.process(1n, Buffer.from(l), sm);
          return r === null ? null : `${r.labels.key} ${r.line.toString()}`;
        });
      };
      const q = `{app="api"} | logfmt${keepEmpty} | ${filter}`;
      // `drop` of a label no entry has changes nothing, but logfmt is then not first: no prefilter
      assert.deepEqual(answers(q), answers(`{app="api"} | drop nothing | logfmt${keepEmpty} | ${filter}`), q);
    }
  }
});
