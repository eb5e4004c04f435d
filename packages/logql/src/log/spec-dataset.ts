// The example dataset of logql.md §9 (streams S1-S4), shared by the pipeline and sample-extractor tests.
import type { LabelPair } from '@logi/protocol';

export const S1: LabelPair[] = [['app', 'web'], ['env', 'prod']];
export const S1_LINES = [
  'level=info msg="GET /api" status=200 latency=120ms size=1.5KB',
  'level=error msg="GET /login" status=500 latency=2s size=300B',
  'level=warn msg="timeout on /api" status=504 latency=5s',
];
export const S2: LabelPair[] = [['app', 'web'], ['env', 'dev']];
export const S2_LINES = [
  '{"level":"error","user":{"id":"user-456","name":"Ann"},"status":503,"tags":["a"],"app":"frontend"}',
  '{"level":"info","user":{"id":"user-123"},"status":200,"duration":"250ms"}',
];
export const S3: LabelPair[] = [['app', 'api'], ['env', 'prod']];
export const S3_LINES = [
  '10.0.0.5 - - [14/Nov/2023:22:00:25 +0000] "POST /v1/items HTTP/1.1" 201 512',
  '192.168.1.7 - - [14/Nov/2023:22:00:50 +0000] "GET /v1/items HTTP/1.1" 404 0',
];
export const S4: LabelPair[] = [['app', 'db'], ['env', 'prod']];
export const S4_LINES = ['\x1b[31mERROR\x1b[0m connection refused', 'msg="unterminated'];
