import type { LabelPair } from '@logi/protocol';

/** Loki's `discover_service_name`: service_name from the first present label of the list, else unknown_service. */
export function serviceNameFor(labels: readonly LabelPair[], discover: readonly string[]): string {
  for (const name of discover) {
    for (const p of labels) if (p[0] === name && p[1] !== '') return p[1];
  }
  return 'unknown_service';
}
