import { extractedValuesStage } from './extracted-values.js';

/** stage.labels: sets labels from extracted values (`label = "extracted key"`, "" meaning the same name). */
export const labelsStage = extractedValuesStage('labels', (e, name, value) => {
  e.labels = e.labels.with(name, value);
});
