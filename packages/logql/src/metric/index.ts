// Public surface of the metric evaluator.
export { evaluateInstant, evaluateRange, sortsByValue, type MetricLimits } from './evaluate.js';
export type { MetricResult, VectorSample, MatrixSeries } from './result.js';
export type { SampleSource, SampleRequest, SampleBatch, SeriesSamples } from './source.js';
export { SampleBatchBuilder, batchTransferList, bucketEnd, type SeriesIdentity } from './sample-batch.js';
export { QueryError, failingWindowEnd, failsQuery, pipelineError, seriesLimitError } from './errors.js';
export { alignStep } from './step-grid.js';
export { formatSampleValue, formatTimestamp, metricResultJSON } from './format.js';
export { compareLabels } from './label-set.js';
export { leaveNextTurn, Pace } from './pace.js';
