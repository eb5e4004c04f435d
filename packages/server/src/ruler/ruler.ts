// The ruler: keeps the groups of every tenant's rule files running. Files are rescanned every poll
// interval (and at once after an API write); a changed file's groups are rebuilt, their rules taking
// over the alerts of the same rule (same name and expression) so that an edit neither resets `for` nor
// re-notifies. A file or group that does not load is logged with its path, group and rule, and what
// ran before keeps running. Alert state is saved after evaluations and restored at start.
import { labelsKey, type Alert } from './alerting-rule.js';
import { AlertStateFile, ruleStateKey } from './alert-state-file.js';
import { compileGroup, groupErrors, RuleFileError, type RuleGroupSpec } from './rule-file.js';
import { RuleGroup, type GroupSettings } from './rule-group.js';
import { RuleStore } from './rule-store.js';

export interface RulerOptions {
  rulesDirectory: string;
  stateFile: string;
  evaluationIntervalMs: number;
  pollIntervalMs: number;
  outageToleranceMs: number;
}

interface Scheduled {
  group: RuleGroup;
  /** the file's stamp and the group's spec it was built from (unchanged ones are kept running) */
  specJSON: string;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
}

const groupKey = (tenant: string, namespace: string, name: string): string => JSON.stringify([tenant, namespace, name]);

/** Prometheus spreads groups over their interval by a hash of their identity; the same here (FNV-1a). */
function offsetOf(key: string, intervalMs: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h % intervalMs;
}

export class Ruler {
  readonly store: RuleStore;
  readonly #opts: RulerOptions;
  readonly #settings: GroupSettings;
  readonly #stateFile: AlertStateFile;
  readonly #groups = new Map<string, Scheduled>();
  /** per namespace file (tenant/namespace): the stamp last loaded, so unchanged files are not re-read */
  readonly #stamps = new Map<string, string>();
  /** saved alerts not yet taken by a rule (the state file, before the first load) */
  #seed = new Map<string, Alert[]>();
  #pollTimer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> = Promise.resolve();
  #saveTimer: NodeJS.Timeout | undefined;
  /** set by the first evaluation: a server without rules writes no state file */
  #evaluated = false;
  readonly #closed = new AbortController();

  constructor(opts: RulerOptions, settings: GroupSettings) {
    this.#opts = opts;
    this.#settings = settings;
    this.store = new RuleStore(opts.rulesDirectory);
    this.#stateFile = new AlertStateFile(opts.stateFile);
  }

  async start(): Promise<void> {
    this.#seed = await this.#stateFile.load(Date.now(), this.#opts.outageToleranceMs);
    await this.sync();
    this.#seed.clear();
    const poll = (): void => {
      this.#pollTimer = setTimeout(() => { void this.sync().finally(() => { if (!this.#closed.signal.aborted) poll(); }); }, this.#opts.pollIntervalMs);
    };
    poll();
  }

  /** The running groups of a tenant, by namespace then name. */
  groups(tenant: string): RuleGroup[] {
    return [...this.#groups.values()].map((s) => s.group).filter((g) => g.tenant === tenant)
      .sort((a, b) => (a.namespace === b.namespace ? (a.spec.name < b.spec.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1));
  }

  /** Rescans the rule files and applies what changed; calls run one after the other. */
  sync(): Promise<void> {
    this.#syncing = this.#syncing.then(() => this.#sync()).catch((e: unknown) => {
      console.error(`level=error component=ruler msg="rule files not scanned" dir=${this.store.dir} err=${JSON.stringify((e as Error).message)}`);
    });
    return this.#syncing;
  }

  async #sync(): Promise<void> {
    const files = await this.store.scan();
    const present = new Set<string>();
    for (const [tenant, namespaces] of files) {
      for (const [namespace, file] of namespaces) {
        const fileKey = JSON.stringify([tenant, namespace]);
        present.add(fileKey);
        if (this.#stamps.get(fileKey) === file.stamp) continue;
        this.#stamps.set(fileKey, file.stamp);
        let specs: RuleGroupSpec[];
        try {
          specs = await this.store.readNamespace(tenant, namespace);
        } catch (e) {
          if (!(e instanceof RuleFileError)) throw e;
          console.error(`level=error component=ruler msg="rule file not loaded; its groups keep running as before" path=${file.path} err=${JSON.stringify(e.message)}`);
          continue;
        }
        this.#applyFile(tenant, namespace, file.path, specs);
      }
    }
    for (const fileKey of [...this.#stamps.keys()]) {
      if (present.has(fileKey)) continue;
      this.#stamps.delete(fileKey);
      const [tenant, namespace] = JSON.parse(fileKey) as [string, string];
      this.#applyFile(tenant, namespace, '', []);
    }
  }

  /** Replaces a namespace file's groups by `specs`; unchanged groups keep running untouched. */
  #applyFile(tenant: string, namespace: string, path: string, specs: RuleGroupSpec[]): void {
    const wanted = new Set<string>();
    const errors = groupErrors(specs);
    specs.forEach((spec, i) => {
      const key = groupKey(tenant, namespace, spec.name);
      wanted.add(key);
      const specJSON = JSON.stringify(spec);
      const old = this.#groups.get(key);
      if (old?.specJSON === specJSON) return;
      const compiled = errors[i] === undefined ? compileGroup(spec, this.#settings.templates.externalURL) : { error: errors[i]!, rule: '' };
      if ('error' in compiled) {
        console.error(`level=error component=ruler msg="rule group not loaded${old ? '; its previous version keeps running' : ''}" path=${path} group=${JSON.stringify(spec.name)} rule=${JSON.stringify(compiled.rule)} err=${JSON.stringify(compiled.error)}`);
        return;
      }
      const group = new RuleGroup(tenant, namespace, spec, compiled.rules, this.#opts.evaluationIntervalMs, this.#settings);
      const carried = old ? this.#alertsOf([old.group]) : this.#seed;
      for (const r of group.rules) {
        const saved = r.alerting && carried.get(ruleStateKey(tenant, namespace, spec.name, r.alerting.name, r.compiled.spec.expr));
        for (const a of saved ?? []) r.alerting!.active.set(labelsKey(a.labels), a);
      }
      if (old) this.#stop(key);
      const s: Scheduled = { group, specJSON, timer: undefined, running: undefined };
      this.#groups.set(key, s);
      this.#schedule(key, s);
    });
    for (const [key, s] of this.#groups) {
      if (s.group.tenant === tenant && s.group.namespace === namespace && !wanted.has(key)) this.#stop(key);
    }
  }

  /** Evaluations at the group's own offset within its interval; a late evaluation skips the ticks it missed. */
  #schedule(key: string, s: Scheduled): void {
    const interval = s.group.intervalMs;
    const offset = offsetOf(key, interval);
    const now = Date.now();
    const next = Math.floor((now - offset) / interval) * interval + offset + interval;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      if (this.#groups.get(key) !== s) return;
      s.running = s.group.evaluate(next, this.#closed.signal)
        .catch((e: unknown) => console.error(`level=error component=ruler msg="group evaluation failed" group=${JSON.stringify(s.group.spec.name)} err=${JSON.stringify(String(e))}`))
        .finally(() => {
          s.running = undefined;
          this.#evaluated = true;
          this.#saveSoon();
          if (this.#groups.get(key) === s && !this.#closed.signal.aborted) this.#schedule(key, s);
        });
    }, next - now);
  }

  #stop(key: string): void {
    const s = this.#groups.get(key);
    if (!s) return;
    clearTimeout(s.timer);
    this.#groups.delete(key);
  }

  #alertsOf(groups: Iterable<RuleGroup>): Map<string, Alert[]> {
    const out = new Map<string, Alert[]>();
    for (const g of groups) {
      for (const r of g.rules) {
        if (r.alerting && r.alerting.active.size > 0) out.set(ruleStateKey(g.tenant, g.namespace, g.spec.name, r.alerting.name, r.compiled.spec.expr), [...r.alerting.active.values()]);
      }
    }
    return out;
  }

  /** At most one save a second, however many groups evaluate. */
  #saveSoon(): void {
    this.#saveTimer ??= setTimeout(() => {
      this.#saveTimer = undefined;
      void this.#save();
    }, 1000);
  }

  #save(): Promise<void> {
    return this.#stateFile.save(this.#alertsOf([...this.#groups.values()].map((s) => s.group)), Date.now());
  }

  /** Stops evaluating (an evaluation in flight is aborted) and saves the alert state. */
  async close(): Promise<void> {
    this.#closed.abort();
    clearTimeout(this.#pollTimer);
    clearTimeout(this.#saveTimer);
    await this.#syncing;
    const running = [...this.#groups.values()].map((s) => { clearTimeout(s.timer); return s.running; });
    await Promise.all(running);
    if (this.#evaluated) await this.#save();
    this.#groups.clear();
  }
}
