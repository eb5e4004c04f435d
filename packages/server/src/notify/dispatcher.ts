// Alertmanager's grouping and timing, driven by explicit times so that it can be tested without
// sleeping: alerts are put in groups per route and group_by labels; a new group is flushed after
// group_wait, then every group_interval; each flush notifies an integration only when something
// changed since what it was last told (new firing alerts, new resolutions when it wants them, or all
// resolved) or when repeat_interval has passed (Alertmanager's DedupStage, over the notification log). Silenced alerts are left out
// of a flush, and a flush left with nothing sends nothing.
import { labelsKey } from '../ruler/alerting-rule.js';
import type { NotifiedAlert } from '../ruler/rule-group.js';
import type { IntegrationConfig, NotificationConfig, RouteConfig } from './notification-config.js';
import { NotificationLog, type SentState } from './notification-log.js';
import { matchRoutes } from './route-tree.js';

/** An alert as the ruler hands it over (Alertmanager's postable alert, with the rule's value). */
export type IncomingAlert = NotifiedAlert;

export interface GroupedAlert extends IncomingAlert {
  status: 'firing' | 'resolved';
}

/** One message due to one integration of a receiver. */
export interface Notification {
  receiver: string;
  integration: IntegrationConfig;
  groupKey: string;
  groupLabels: Record<string, string>;
  alerts: GroupedAlert[];
}

interface Group {
  key: string;
  route: RouteConfig;
  labels: Record<string, string>;
  alerts: Map<string, IncomingAlert>;
  nextFlushMs: number;
  flushed: boolean;
}

export type SilencedCheck = (labels: Readonly<Record<string, string>>, nowMs: number) => boolean;

const groupLabelsText = (labels: Record<string, string>): string =>
  `{${Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;

const isSubset = (sub: ReadonlySet<string>, of: ReadonlySet<string>): boolean => [...sub].every((x) => of.has(x));

export class Dispatcher {
  readonly #config: NotificationConfig;
  readonly #silenced: SilencedCheck;
  readonly #groups = new Map<string, Group>();
  readonly #log: NotificationLog;

  constructor(config: NotificationConfig, silenced: SilencedCheck, log = new NotificationLog()) {
    this.#config = config;
    this.#silenced = silenced;
    this.#log = log;
  }

  /** Puts each alert into the group of every route it takes. */
  receive(alerts: readonly IncomingAlert[], nowMs: number): void {
    for (const alert of alerts) {
      for (const { route, key: routeKey } of matchRoutes(this.#config.route, alert.labels)) {
        const labels: Record<string, string> = {};
        for (const [k, v] of Object.entries(alert.labels)) if (route.groupBy === 'all' || route.groupBy.includes(k)) labels[k] = v;
        const key = `${routeKey}:${groupLabelsText(labels)}`;
        let g = this.#groups.get(key);
        if (!g) {
          g = { key, route, labels, alerts: new Map(), nextFlushMs: nowMs + route.groupWaitMs, flushed: false };
          this.#groups.set(key, g);
        }
        // as Alertmanager: an alert that began more than group_wait ago need not wait for a new group
        if (!g.flushed && Date.parse(alert.startsAt) + route.groupWaitMs < nowMs) g.nextFlushMs = nowMs;
        g.alerts.set(labelsKey(alert.labels), alert);
      }
    }
  }

  /** The notifications of every group whose flush time has come at `nowMs`. */
  flush(nowMs: number): Notification[] {
    const out: Notification[] = [];
    for (const g of this.#groups.values()) {
      if (g.nextFlushMs > nowMs) continue;
      g.flushed = true;
      g.nextFlushMs = nowMs + g.route.groupIntervalMs;
      out.push(...this.#flushGroup(g, nowMs));
    }
    return out;
  }

  #flushGroup(g: Group, nowMs: number): Notification[] {
    // in label order, so that a message lists its alerts the same way each time
    const all: GroupedAlert[] = [...g.alerts].sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, a]) => ({ ...a, status: Date.parse(a.endsAt) <= nowMs ? 'resolved' : 'firing' }));
    // resolved ones are told once (below) and then forgotten, as Alertmanager deletes them after a flush
    for (const a of all) if (a.status === 'resolved') g.alerts.delete(labelsKey(a.labels));
    if (g.alerts.size === 0) this.#groups.delete(g.key);
    const audible = all.filter((a) => !this.#silenced(a.labels, nowMs));
    if (audible.length === 0) return [];
    const firing = new Set(audible.filter((a) => a.status === 'firing').map((a) => labelsKey(a.labels)));
    const resolved = new Set(audible.filter((a) => a.status === 'resolved').map((a) => labelsKey(a.labels)));
    const receiver = this.#config.receivers.get(g.route.receiver)!;
    const out: Notification[] = [];
    const sent: Array<[string, SentState]> = [];
    for (const [i, integration] of receiver.integrations.entries()) {
      // the group, the receiver and the integration's place in it, as Alertmanager keys its log
      const logKey = `${g.key}\n${receiver.name}\n${i}`;
      if (!needsUpdate(this.#log.get(logKey), firing, resolved, integration.sendResolved, nowMs, g.route.repeatIntervalMs)) continue;
      sent.push([logKey, { firing, resolved, atMs: nowMs }]);
      const alerts = integration.sendResolved ? audible : audible.filter((a) => a.status === 'firing');
      if (alerts.length > 0) out.push({ receiver: receiver.name, integration, groupKey: g.key, groupLabels: g.labels, alerts });
    }
    this.#log.record(sent);
    return out;
  }
}

function needsUpdate(last: SentState | undefined, firing: ReadonlySet<string>, resolved: ReadonlySet<string>, sendResolved: boolean, nowMs: number, repeatMs: number): boolean {
  if (!last) return firing.size > 0;
  if (!isSubset(firing, last.firing)) return true;
  // all resolved: told even without send_resolved (nothing is then sent, but the firing ones are forgotten)
  if (firing.size === 0) return last.firing.size > 0;
  if (sendResolved && !isSubset(resolved, last.resolved)) return true;
  return last.atMs + repeatMs <= nowMs;
}
