// The seeds' error alert (errors per second of the python starter kit, by service) as a Loki rule group in
// YAML, as the tests post it to the ruler API. Tests differ only in how fast it should fire and what it says.

export interface SeedsAlertOptions {
  /** The rate's range, e.g. `5s`. */
  window: string;
  /** Errors per second above which it fires. */
  threshold: number;
  /** How long it is pending first, e.g. `2s`. */
  for: string;
  /** Annotation name → template, written as YAML strings. */
  annotations: Record<string, string>;
  /** Further rules, as YAML list items indented by two spaces. */
  moreRules?: string;
}

export function seedsAlertGroup(o: SeedsAlertOptions): string {
  const annotations = Object.entries(o.annotations).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`).join('');
  return `name: seeds
interval: 1s
rules:
  - alert: PythonStarterKitErrors
    expr: sum(rate({app="python-starter-kit", level="error"}[${o.window}])) by (service) > ${o.threshold}
    for: ${o.for}
    labels:
      severity: page
    annotations:
${annotations}${o.moreRules ?? ''}`;
}
