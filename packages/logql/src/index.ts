export {};
export type { SeriesLabels, ExtractedSample, StreamSampleExtractor, SampleExtractor, SampleExtractorOptions } from './log/sample-types.js';
export * from './metric/index.js';
export { compileLogPipeline, hoistLineFilters, type LogPipeline, type StreamPipeline, type ProcessedLine, type PipelineOptions } from './log/pipeline.js';
export { compileSampleExtractor, SAMPLE_EXTRACTION_ERR } from './log/sample-extractor.js';
export { type LabelsResult, ERROR_LABEL, ERROR_DETAILS_LABEL, PRESERVE_ERROR_LABEL } from './log/labels-result.js';
export { StageError } from './log/stage.js';
export { compileValueMatcher } from './log/filter-label.js';
export { type LineTest } from './log/filter-line.js';
