export {};
export type { SeriesLabels, ExtractedSample, StreamSampleExtractor, SampleExtractor, SampleExtractorOptions } from './log/sample-types.js';
export * from './metric/index.js';
