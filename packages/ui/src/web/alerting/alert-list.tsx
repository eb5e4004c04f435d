// Grafana's alert rule list for a Loki ruler (/alerting/list): the firing and pending alerts with their values and
// since when, then every namespace's groups with each rule's state, health, labels, annotations, last evaluation
// and error. Refreshed every 5 seconds, as the rules evaluate.
import { Link } from '../shell/link.js';
import { formatDateTime } from '../shell/time-range.js';
import { AlertingHeader } from './alerting-header.js';
import { fetchAlerts, fetchRuleGroups, type ActiveAlert, type Labels, type RuleGroupJSON, type RuleJSON } from './alerting-api.js';
import { formatAgo, formatSpan, isNever } from './durations.js';
import { formatMatcher } from './silence-matchers.js';
import { usePoll } from './use-poll.js';
import './alerting.css';

const REFRESH_MS = 5000;

/** Go's %e value as Grafana shows it: a plain number. */
const formatValue = (v: string): string => {
  const n = Number(v);
  return Number.isFinite(n) ? String(Number(n.toPrecision(6))) : v;
};

export function LabelChips({ labels, skip = [] }: { labels: Labels; skip?: string[] }) {
  const shown = Object.entries(labels).filter(([k]) => !skip.includes(k));
  if (shown.length === 0) return null;
  return <span class="label-chips">{shown.map(([k, v]) => <span class="label-chip" key={k}>{k}={v}</span>)}</span>;
}

/** The silence form with matchers for exactly this alert's labels. */
const silencePath = (labels: Labels): string =>
  `/alerting/silences?${new URLSearchParams({ matchers: Object.entries(labels).map(([name, value]) => formatMatcher({ name, value, isRegex: false, isEqual: true })).join(', ') })}`;

function AlertRow({ alert, nowMs }: { alert: ActiveAlert; nowMs: number }) {
  const since = Date.parse(alert.activeAt);
  return (
    <tr class="active-alert" data-state={alert.state} data-alertname={alert.labels.alertname}>
      <td><span class={`state-badge ${alert.state}`}>{alert.state}</span></td>
      <td class="alertname">{alert.labels.alertname}</td>
      <td><LabelChips labels={alert.labels} skip={['alertname']} /></td>
      <td class="value">{formatValue(alert.value)}</td>
      <td class="since">since {formatDateTime(since, false)} ({formatSpan(nowMs - since)})</td>
      <td><Link to={silencePath(alert.labels)} class="toolbar-button silence-alert">Silence</Link></td>
    </tr>
  );
}

function editPath(group: RuleGroupJSON, rule: RuleJSON): string {
  return `/alerting/edit?${new URLSearchParams({ namespace: group.file, group: group.name, rule: rule.name })}`;
}

function Rule({ group, rule, nowMs }: { group: RuleGroupJSON; rule: RuleJSON; nowMs: number }) {
  const state = rule.type === 'alerting' ? rule.state : 'recording';
  return (
    <li class="rule" data-rule={rule.name} data-state={state} data-health={rule.health}>
      <div class="rule-head">
        <span class={`state-badge ${state}`}>{state}</span>
        <span class="rule-name">{rule.name}</span>
        {rule.health === 'err' && <span class="state-badge err">error</span>}
        <span class="spacer" />
        <span class="muted rule-evaluated" title={isNever(rule.lastEvaluation) ? '' : rule.lastEvaluation}>
          evaluated {formatAgo(rule.lastEvaluation, nowMs)}{isNever(rule.lastEvaluation) ? '' : ` in ${(rule.evaluationTime * 1000).toFixed(1)} ms`}
        </span>
        <Link to={editPath(group, rule)} class="toolbar-button rule-edit">Edit</Link>
      </div>
      <code class="rule-expr">{rule.query}</code>
      <div class="rule-meta">
        {rule.type === 'alerting' && rule.duration > 0 && <span class="muted">for {formatSpan(rule.duration * 1000)}</span>}
        <LabelChips labels={rule.labels} />
      </div>
      {rule.type === 'alerting' && Object.keys(rule.annotations).length > 0 && (
        <dl class="annotations">
          {Object.entries(rule.annotations).map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}
        </dl>
      )}
      {rule.lastError && <div class="rule-error" role="alert">{rule.lastError}</div>}
      {rule.type === 'alerting' && rule.alerts.length > 0 && (
        <table class="rule-alerts"><tbody>{rule.alerts.map((a) => <AlertRow key={JSON.stringify(a.labels)} alert={a} nowMs={nowMs} />)}</tbody></table>
      )}
    </li>
  );
}

function Groups({ groups, nowMs }: { groups: RuleGroupJSON[]; nowMs: number }) {
  if (groups.length === 0) {
    return <p class="muted">No rules yet. Write one with “New alert rule”, put rule files in the ruler's directory, or POST them to /loki/api/v1/rules.</p>;
  }
  const namespaces = [...new Set(groups.map((g) => g.file))];
  return (
    <div class="rule-namespaces">
      {namespaces.map((ns) => (
        <section class="rule-namespace" key={ns} data-namespace={ns}>
          <h2>{ns}</h2>
          {groups.filter((g) => g.file === ns).map((g) => (
            <div class="rule-group" key={g.name} data-group={g.name}>
              <div class="rule-group-head">
                <span class="group-name">{g.name}</span>
                <span class="muted">every {formatSpan(g.interval * 1000)} · evaluated {formatAgo(g.lastEvaluation, nowMs)}</span>
              </div>
              <ul class="rules">{g.rules.map((r) => <Rule key={r.name} group={g} rule={r} nowMs={nowMs} />)}</ul>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}

export function AlertList() {
  const rules = usePoll(fetchRuleGroups, REFRESH_MS);
  const alerts = usePoll(fetchAlerts, REFRESH_MS);
  const nowMs = Date.now();
  const active = alerts.data ?? [];
  return (
    <div class="alerting">
      <AlertingHeader current="list" />
      <section class="active-alerts">
        <h2>Firing and pending alerts <span class="muted">({active.length})</span></h2>
        {alerts.error && <div class="panel-error" role="alert">{alerts.error}</div>}
        {alerts.data && active.length === 0 && <p class="muted">No alert is firing or pending.</p>}
        {active.length > 0 && (
          <table class="alerts-table">
            <tbody>{[...active].sort((a, b) => (a.state === b.state ? 0 : a.state === 'firing' ? -1 : 1)).map((a) => <AlertRow key={JSON.stringify(a.labels)} alert={a} nowMs={nowMs} />)}</tbody>
          </table>
        )}
      </section>
      <section class="rule-list">
        <h2>Rules</h2>
        {rules.error && <div class="panel-error" role="alert">{rules.error}</div>}
        {!rules.data && !rules.error && <div class="loading">Loading rules…</div>}
        {rules.data && <Groups groups={rules.data} nowMs={nowMs} />}
      </section>
    </div>
  );
}
