// The alerts of every rule, saved under the data directory after evaluations and read at start, so
// that a restart neither restarts `for` from zero nor re-sends what Alertmanager already has.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Alert } from './alerting-rule.js';

interface SavedState {
  version: 1;
  savedAtMs: number;
  /** by ruleStateKey */
  rules: Record<string, Alert[]>;
}

/** A rule's identity across restarts and reloads: where it is, its name and its expression (a changed rule starts afresh). */
export function ruleStateKey(tenant: string, namespace: string, group: string, name: string, expr: string): string {
  return JSON.stringify([tenant, namespace, group, name, expr]);
}

export class AlertStateFile {
  readonly path: string;
  #saving: Promise<void> = Promise.resolve();

  constructor(path: string) {
    this.path = path;
  }

  /**
   * The saved alerts by rule; none when there is no file, it cannot be read, or it is older than
   * `outageToleranceMs` (Loki's for_outage_tolerance: after a longer outage `for` starts afresh).
   */
  async load(nowMs: number, outageToleranceMs: number): Promise<Map<string, Alert[]>> {
    let saved: SavedState;
    try {
      saved = JSON.parse(await readFile(this.path, 'utf8')) as SavedState;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`level=warn component=ruler msg="alert state not restored" path=${this.path} err=${JSON.stringify((e as Error).message)}`);
      return new Map();
    }
    if (saved.version !== 1 || nowMs - saved.savedAtMs > outageToleranceMs) return new Map();
    return new Map(Object.entries(saved.rules));
  }

  /** Writes a temporary file and renames it over the last state; saves run one after the other. */
  save(rules: Map<string, Alert[]>, nowMs: number): Promise<void> {
    const state: SavedState = { version: 1, savedAtMs: nowMs, rules: Object.fromEntries(rules) };
    const run = this.#saving.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.tmp`;
      await writeFile(tmp, JSON.stringify(state));
      await rename(tmp, this.path);
    });
    this.#saving = run.catch((e: unknown) => console.error(`level=error component=ruler msg="alert state not saved" path=${this.path} err=${JSON.stringify((e as Error).message)}`));
    return this.#saving;
  }
}
