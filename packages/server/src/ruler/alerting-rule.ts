// One alerting rule's alerts and their states, as Prometheus' AlertingRule keeps them: an alert is
// pending from the first evaluation that returns its series, firing once it has been for `for`, kept
// firing `keep_firing_for` after its series is gone, then inactive (resolved) and kept 15 minutes so
// that the resolution is sent (and re-sent) to Alertmanager.
import type { AlertTemplate, VectorSample } from '@logi/logql';
import type { RecordedSample } from './recording-rule.js';
import type { CompiledRule } from './rule-file.js';

export type AlertState = 'inactive' | 'pending' | 'firing';

/** Times are Unix ms; 0 is "never". */
export interface Alert {
  /** the alert's identity: the series' labels with the rule's, and alertname */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertState;
  value: number;
  activeAtMs: number;
  firedAtMs: number;
  resolvedAtMs: number;
  lastSentAtMs: number;
  keepFiringSinceMs: number;
  validUntilMs: number;
}

/** Prometheus keeps a resolved alert this long, re-sending its resolution. */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

export interface TemplateContext {
  externalLabels: Record<string, string>;
  externalURL: string;
}

export class RuleEvalError extends Error {}

const STATE_ORDER: Record<AlertState, number> = { inactive: 0, pending: 1, firing: 2 };

/** The identity of a label set (sorted by name). */
export const labelsKey = (labels: Record<string, string>): string => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function expand(templates: readonly [string, AlertTemplate][], labels: Record<string, string>, value: number, ctx: TemplateContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, t] of templates) {
    try {
      out[name] = t.render({ labels, value, externalLabels: ctx.externalLabels, externalURL: ctx.externalURL });
    } catch (e) {
      // Prometheus keeps the alert and puts the error where the text would be.
      out[name] = `<error expanding template: ${(e as Error).message}>`;
    }
  }
  return out;
}

export class AlertingRule {
  readonly rule: CompiledRule;
  readonly name: string;
  /** by labelsKey of the alert's labels */
  readonly active = new Map<string, Alert>();

  constructor(rule: CompiledRule) {
    this.rule = rule;
    this.name = rule.spec.alert!;
  }

  /** The highest state of its alerts. */
  state(): AlertState {
    let s: AlertState = 'inactive';
    for (const a of this.active.values()) if (STATE_ORDER[a.state] > STATE_ORDER[s]) s = a.state;
    return s;
  }

  /** Applies one evaluation's result at `tsMs`; throws RuleEvalError (the rule's error) on duplicate series or the limit. */
  eval(samples: readonly VectorSample[], tsMs: number, limit: number, ctx: TemplateContext): void {
    const { spec } = this.rule;
    const seen = new Map<string, { labels: Record<string, string>; annotations: Record<string, string>; value: number }>();
    for (const s of samples) {
      const seriesLabels: Record<string, string> = {};
      for (const [name, value] of s.labels) seriesLabels[name] = value;
      const labels: Record<string, string> = { ...seriesLabels };
      delete labels.__name__;
      // as Prometheus' label builder: a rule label rendered empty removes the label
      for (const [k, v] of Object.entries(expand(this.rule.labelTemplates, seriesLabels, s.value, ctx))) {
        if (v === '') delete labels[k];
        else labels[k] = v;
      }
      labels.alertname = this.name;
      const key = labelsKey(labels);
      if (seen.has(key)) throw new RuleEvalError('vector contains metrics with the same labelset after applying alert labels');
      seen.set(key, { labels, annotations: expand(this.rule.annotationTemplates, seriesLabels, s.value, ctx), value: s.value });
    }
    for (const [key, r] of seen) {
      const a = this.active.get(key);
      if (a && a.state !== 'inactive') {
        a.value = r.value;
        a.annotations = r.annotations;
        continue;
      }
      this.active.set(key, {
        labels: r.labels, annotations: r.annotations, state: 'pending', value: r.value,
        activeAtMs: tsMs, firedAtMs: 0, resolvedAtMs: 0, lastSentAtMs: 0, keepFiringSinceMs: 0, validUntilMs: 0,
      });
    }
    let activeOrPending = 0;
    for (const [key, a] of this.active) {
      if (!seen.has(key)) {
        let keepFiring = false;
        if (a.state === 'firing' && spec.keepFiringForMs > 0) {
          if (a.keepFiringSinceMs === 0) a.keepFiringSinceMs = tsMs;
          keepFiring = tsMs - a.keepFiringSinceMs < spec.keepFiringForMs;
        }
        if (a.state === 'pending' || (a.resolvedAtMs !== 0 && tsMs - a.resolvedAtMs > RESOLVED_RETENTION_MS)) this.active.delete(key);
        if (a.state !== 'inactive' && !keepFiring) {
          a.state = 'inactive';
          a.resolvedAtMs = tsMs;
        }
        if (!keepFiring) continue;
      } else {
        a.keepFiringSinceMs = 0;
      }
      activeOrPending++;
      if (a.state === 'pending' && tsMs - a.activeAtMs >= spec.forMs) {
        a.state = 'firing';
        a.firedAtMs = tsMs;
      }
    }
    if (limit > 0 && activeOrPending > limit) {
      this.active.clear();
      throw new RuleEvalError(`exceeded limit of ${limit} with ${activeOrPending} alerts`);
    }
  }

  /** Prometheus' ALERTS series at `tsMs`: 1 for each pending or firing alert, with its labels and alertstate. */
  alertsSeries(tsMs: number): RecordedSample[] {
    const out: RecordedSample[] = [];
    for (const a of this.active.values()) {
      if (a.state !== 'inactive') out.push({ labels: { ...a.labels, __name__: 'ALERTS', alertstate: a.state }, value: 1, timestampMs: tsMs });
    }
    return out;
  }

  /**
   * The alerts to notify at `tsMs` (Prometheus' needsSending): firing ones every resendDelay, a
   * resolution as soon as it happens and then every resendDelay while retained; pending ones never.
   * Marks them sent and returns copies.
   */
  alertsToSend(tsMs: number, resendDelayMs: number, intervalMs: number): Alert[] {
    const out: Alert[] = [];
    for (const a of this.active.values()) {
      if (a.state === 'pending') continue;
      const resolvedSinceSent = a.resolvedAtMs > a.lastSentAtMs;
      const due = a.lastSentAtMs === 0 || a.lastSentAtMs + resendDelayMs < tsMs;
      if (!resolvedSinceSent && !due) continue;
      a.lastSentAtMs = tsMs;
      // Valid for four sends, so that two failed evaluations or deliveries do not resolve it in Alertmanager.
      a.validUntilMs = tsMs + 4 * Math.max(resendDelayMs, intervalMs);
      out.push({ ...a, labels: { ...a.labels }, annotations: { ...a.annotations } });
    }
    return out;
  }
}
