// The Prometheus-shaped views of the ruler that Grafana's alerting pages read for a data-source-managed
// Loki ruler: GET /prometheus/api/v1/rules (groups with their rules' state, health, last error and
// evaluation) and GET /prometheus/api/v1/alerts (the active alerts). Shapes as Loki's ruler API.
import { formatExpr } from '@logi/logql';
import { HttpError } from '../api/http-error.js';
import { json, type Handler, type RequestContext } from '../app/http.js';
import type { Alert } from './alerting-rule.js';
import { RulerJsonError, withJsonErrors } from './config-api.js';
import type { RuleGroup, GroupRule } from './rule-group.js';
import type { Ruler } from './ruler.js';

/** Go's time.Time in JSON (RFC 3339, fraction without trailing zeros); the zero time when never. */
function goTime(ms: number): string {
  return ms === 0 ? '0001-01-01T00:00:00Z' : new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** strconv.FormatFloat(v, 'e', -1, 64): shortest digits, exponent of at least two digits. */
export function goExponent(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

const sortedObject = (rec: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(rec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function alertJSON(a: Alert): Record<string, unknown> {
  return { labels: sortedObject(a.labels), annotations: sortedObject(a.annotations), state: a.state, activeAt: goTime(a.activeAtMs), value: goExponent(a.value) };
}

/** Prometheus' ActiveAlerts: pending and firing; resolved ones, though still kept for re-sending, are not shown. */
const activeAlerts = (r: GroupRule): Alert[] => (r.alerting ? [...r.alerting.active.values()].filter((a) => a.state !== 'inactive') : []);

function ruleJSON(r: GroupRule): Record<string, unknown> {
  const spec = r.compiled.spec;
  // Loki shows the expression as its parser prints it back
  const query = formatExpr(r.compiled.expr);
  const common = { health: r.status.health, lastError: r.status.lastError };
  const evaluation = { lastEvaluation: goTime(r.status.lastEvaluationMs), evaluationTime: r.status.evaluationTimeSec };
  if (!r.alerting) return { name: spec.record, query, labels: sortedObject(spec.labels), ...common, type: 'recording', ...evaluation };
  return {
    state: r.alerting.state(), name: spec.alert, query, duration: spec.forMs / 1000,
    labels: sortedObject(spec.labels), annotations: sortedObject(spec.annotations), alerts: activeAlerts(r).map(alertJSON),
    ...common, type: 'alerting', ...evaluation,
  };
}

function groupJSON(g: RuleGroup, rules: GroupRule[]): Record<string, unknown> {
  return {
    name: g.spec.name, file: g.namespace, rules: rules.map(ruleJSON), interval: g.intervalMs / 1000, limit: g.spec.limit,
    lastEvaluation: goTime(g.lastEvaluationMs), evaluationTime: g.evaluationTimeSec,
  };
}

/** Loki answers a multi-tenant request here with a JSON bad_data error. */
function tenantOf(ctx: RequestContext): string {
  try {
    return ctx.tenant();
  } catch (e) {
    if (e instanceof HttpError && e.status === 400) throw new RulerJsonError(400, 'bad_data', 'too many org ids found');
    throw e;
  }
}

/** GET /prometheus/api/v1/rules with Loki's filters: type (alert|record), rule_name, rule_group, file. */
export function prometheusRulesHandler(ruler: Ruler): Handler {
  return (ctx) => withJsonErrors(async () => {
    const tenant = tenantOf(ctx);
    const q = ctx.url.searchParams;
    const type = (q.get('type') ?? '').toLowerCase();
    if (type !== '' && type !== 'alert' && type !== 'record') throw new RulerJsonError(400, 'bad_data', `not supported value ${JSON.stringify(type)}`);
    const only = (name: string): Set<string> | undefined => (q.getAll(name).length > 0 ? new Set(q.getAll(name)) : undefined);
    const [names, groupNames, files] = [only('rule_name'), only('rule_group'), only('file')];
    const groups = [];
    for (const g of ruler.groups(tenant)) {
      if ((groupNames && !groupNames.has(g.spec.name)) || (files && !files.has(g.namespace))) continue;
      const rules = g.rules.filter((r) => {
        if (type === 'alert' && !r.alerting) return false;
        if (type === 'record' && r.alerting) return false;
        return !names || names.has(r.compiled.spec.alert ?? r.compiled.spec.record ?? '');
      });
      // as Loki: a group without (matching) rules is left out
      if (rules.length === 0) continue;
      groups.push(groupJSON(g, rules));
    }
    return json({ status: 'success', data: { groups }, errorType: '', error: '' });
  });
}

/** GET /prometheus/api/v1/alerts: the pending and firing alerts of the tenant's alerting rules. */
export function prometheusAlertsHandler(ruler: Ruler): Handler {
  return (ctx) => withJsonErrors(async () => {
    const tenant = tenantOf(ctx);
    const alerts = ruler.groups(tenant).flatMap((g) => g.rules.flatMap((r) => activeAlerts(r).map(alertJSON)));
    return json({ status: 'success', data: { alerts }, errorType: '', error: '' });
  });
}
