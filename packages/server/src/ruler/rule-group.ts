// One rule group of one tenant: its rules evaluated in order at each evaluation time, their health,
// errors and durations recorded, the alerts due for notification handed to the notifier and the
// series the rules write (recording rules' samples, alerting rules' ALERTS) to the remote writer.
import type { SampleExpr, VectorSample } from '@logi/logql';
import type { PostableAlert } from './alertmanager-client.js';
import { AlertingRule, type Alert, type TemplateContext } from './alerting-rule.js';
import { explorePath } from './generator-url.js';
import { RecordingRule, type RecordedSample } from './recording-rule.js';
import { SeriesStaleness } from './series-staleness.js';
import type { CompiledRule, RuleGroupSpec } from './rule-file.js';

/** An instant query at `tsMs` through the querier (admission and timeouts included). */
export type InstantQuery = (tenant: string, expr: SampleExpr, tsMs: number, signal: AbortSignal) => Promise<VectorSample[]>;

export interface GroupSettings {
  query: InstantQuery;
  templates: TemplateContext;
  resendDelayMs: number;
  datasourceUid: string;
  notify(alerts: NotifiedAlert[]): void;
  /** recording rules' samples of one evaluation of a tenant's group (remote write) */
  record(tenant: string, samples: RecordedSample[]): void;
}

/** An alert due for notification, with the rule's value (for Logi's own receivers; Alertmanager takes no value). */
export interface NotifiedAlert extends PostableAlert {
  value: number;
}

export type RuleHealth = 'unknown' | 'ok' | 'err';

/** What the rules API shows of a rule's last evaluation. */
export interface RuleStatus {
  health: RuleHealth;
  lastError: string;
  lastEvaluationMs: number;
  evaluationTimeSec: number;
}

export interface GroupRule {
  compiled: CompiledRule;
  /** set for alerting rules */
  alerting: AlertingRule | undefined;
  /** set for recording rules */
  recording: RecordingRule | undefined;
  /** the series it writes (recorded samples, or ALERTS), ended by staleness markers */
  staleness: SeriesStaleness;
  status: RuleStatus;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Prometheus' notifier alert: starts when it fired, ends when resolved or when this send stops being valid. */
function postable(a: Alert, generatorURL: string, externalLabels: Record<string, string>): NotifiedAlert {
  return {
    value: a.value,
    labels: { ...externalLabels, ...a.labels },
    annotations: a.annotations,
    startsAt: iso(a.firedAtMs || a.activeAtMs),
    endsAt: iso(a.resolvedAtMs || a.validUntilMs),
    generatorURL,
  };
}

export class RuleGroup {
  readonly tenant: string;
  readonly namespace: string;
  readonly spec: RuleGroupSpec;
  readonly intervalMs: number;
  readonly rules: GroupRule[];
  lastEvaluationMs = 0;
  evaluationTimeSec = 0;
  readonly #settings: GroupSettings;

  constructor(tenant: string, namespace: string, spec: RuleGroupSpec, compiled: CompiledRule[], defaultIntervalMs: number, settings: GroupSettings) {
    this.tenant = tenant;
    this.namespace = namespace;
    this.spec = spec;
    this.intervalMs = spec.intervalMs || defaultIntervalMs;
    this.#settings = settings;
    this.rules = compiled.map((c) => ({
      compiled: c,
      alerting: c.spec.alert !== undefined ? new AlertingRule(c) : undefined,
      recording: c.spec.record !== undefined ? new RecordingRule(c) : undefined,
      staleness: new SeriesStaleness(),
      status: { health: 'unknown', lastError: '', lastEvaluationMs: 0, evaluationTimeSec: 0 },
    }));
  }

  /** Evaluates every rule at `tsMs` (each query at `tsMs - query_offset`) and notifies what is due. */
  async evaluate(tsMs: number, signal: AbortSignal): Promise<void> {
    const t0 = performance.now();
    const s = this.#settings;
    const due: NotifiedAlert[] = [];
    const recorded: RecordedSample[] = [];
    for (const r of this.rules) {
      if (signal.aborted) return;
      const r0 = performance.now();
      try {
        const samples = await s.query(this.tenant, r.compiled.expr, tsMs - this.spec.queryOffsetMs, signal);
        if (r.alerting) {
          r.alerting.eval(samples, tsMs, this.spec.limit, s.templates);
          // as Prometheus: a rule whose evaluation failed sends nothing this time
          const url = s.templates.externalURL + explorePath(r.compiled.spec.expr, s.datasourceUid);
          for (const a of r.alerting.alertsToSend(tsMs, s.resendDelayMs, this.intervalMs)) due.push(postable(a, url, s.templates.externalLabels));
        }
        // as Prometheus writes them: a recording rule's series, an alerting rule's ALERTS
        const written = r.alerting ? r.alerting.alertsSeries(tsMs) : r.recording!.eval(samples, tsMs, this.spec.limit);
        for (const x of r.staleness.mark(written, tsMs)) recorded.push(x);
        r.status.health = 'ok';
        r.status.lastError = '';
      } catch (e) {
        if (signal.aborted) return;
        r.status.health = 'err';
        r.status.lastError = (e as Error).message;
        console.warn(`level=warn component=ruler msg="rule evaluation failed" tenant=${this.tenant} namespace=${JSON.stringify(this.namespace)} group=${JSON.stringify(this.spec.name)} rule=${JSON.stringify(r.compiled.spec.alert ?? r.compiled.spec.record)} err=${JSON.stringify(r.status.lastError)}`);
      }
      r.status.lastEvaluationMs = tsMs;
      r.status.evaluationTimeSec = (performance.now() - r0) / 1000;
    }
    this.lastEvaluationMs = tsMs;
    this.evaluationTimeSec = (performance.now() - t0) / 1000;
    s.notify(due);
    s.record(this.tenant, recorded);
  }
}
