import { extractedValuesStage } from './extracted-values.js';

/** stage.structured_metadata: attaches extracted values as structured metadata (not stream labels). */
export const structuredMetadataStage = extractedValuesStage('structured_metadata', (e, name, value) => {
  (e.sm ??= []).push([name, value]);
});
