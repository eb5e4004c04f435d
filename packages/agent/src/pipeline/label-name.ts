const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Throws (through `fail`) unless every key is a valid Prometheus label name. */
export function checkLabelNames(names: Iterable<string>, fail: (msg: string) => Error): void {
  for (const n of names) if (!LABEL_NAME.test(n)) throw fail(`invalid label name "${n}"`);
}
