// The ruler and silence APIs the Alerting pages use, as Grafana uses them for a data-source-managed Loki ruler:
// Prometheus-shaped JSON for rules and alerts, Loki's YAML rules API for writing groups, and Alertmanager's v2
// silences API (which Logi serves when its own notifications are configured).
import { get } from '../api/loki.js';
import { currentTenant, markTenantNeeded } from '../api/tenant.js';

export type Labels = Record<string, string>;

export interface ActiveAlert { labels: Labels; annotations: Labels; state: 'pending' | 'firing'; activeAt: string; value: string }

interface RuleCommon {
  name: string; query: string; labels: Labels; health: 'ok' | 'err' | 'unknown'; lastError: string;
  lastEvaluation: string; evaluationTime: number;
}
export interface AlertingRuleJSON extends RuleCommon {
  type: 'alerting'; state: 'inactive' | 'pending' | 'firing'; duration: number; annotations: Labels; alerts: ActiveAlert[];
}
export interface RecordingRuleJSON extends RuleCommon { type: 'recording' }
export type RuleJSON = AlertingRuleJSON | RecordingRuleJSON;

export interface RuleGroupJSON { name: string; file: string; rules: RuleJSON[]; interval: number; lastEvaluation: string; evaluationTime: number }

export interface SilenceMatcher { name: string; value: string; isRegex: boolean; isEqual: boolean }
export interface Silence {
  id: string; matchers: SilenceMatcher[]; startsAt: string; endsAt: string; updatedAt: string; createdBy: string; comment: string;
  status: { state: 'active' | 'pending' | 'expired' };
}

export async function fetchRuleGroups(signal?: AbortSignal): Promise<RuleGroupJSON[]> {
  return (await get<{ data: { groups: RuleGroupJSON[] } }>('prometheus/api/v1/rules', {}, signal)).data.groups;
}

export async function fetchAlerts(signal?: AbortSignal): Promise<ActiveAlert[]> {
  return (await get<{ data: { alerts: ActiveAlert[] } }>('prometheus/api/v1/alerts', {}, signal)).data.alerts;
}

/** The message of an error answer: Alertmanager's is a JSON string, Loki's ruler a JSON object with `error`, others text. */
function errorMessage(status: number, body: string): string {
  const text = body.trim();
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'string') return parsed;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { error?: unknown }).error === 'string') return (parsed as { error: string }).error;
  } catch { /* plain text */ }
  return text || `HTTP ${status}`;
}

/** An error answer: its status and message. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** A request with the tenant header; resolves with the answer's text, throws an ApiError. */
async function send(method: string, path: string, body?: { text: string; type: string }): Promise<string> {
  const tenant = currentTenant();
  const headers: Record<string, string> = tenant ? { 'X-Scope-OrgID': tenant } : {};
  if (body) headers['Content-Type'] = body.type;
  // relative to <base href>: below server.http_path_prefix too
  const res = await fetch(path, { method, headers, body: body?.text });
  const text = await res.text();
  if (!res.ok) {
    if (res.status === 401 && text.trim() === 'no org id') markTenantNeeded();
    throw new ApiError(res.status, errorMessage(res.status, text));
  }
  return text;
}

const rulesPath = (namespace: string, group?: string): string =>
  `loki/api/v1/rules/${encodeURIComponent(namespace)}${group === undefined ? '' : `/${encodeURIComponent(group)}`}`;

/** One group as Loki's rules API writes it (YAML text). */
export function fetchRuleGroupYaml(namespace: string, group: string): Promise<string> {
  return send('GET', rulesPath(namespace, group));
}

/** Creates or replaces a group in its namespace; the server checks every rule and answers its errors. */
export async function saveRuleGroup(namespace: string, yaml: string): Promise<void> {
  await send('POST', rulesPath(namespace), { text: yaml, type: 'application/yaml' });
}

export async function deleteRuleGroup(namespace: string, group: string): Promise<void> {
  await send('DELETE', rulesPath(namespace, group));
}

export async function fetchSilences(): Promise<Silence[]> {
  return JSON.parse(await send('GET', 'api/v2/silences')) as Silence[];
}

export async function createSilence(s: { matchers: SilenceMatcher[]; startsAt: string; endsAt: string; createdBy: string; comment: string }): Promise<string> {
  return (JSON.parse(await send('POST', 'api/v2/silences', { text: JSON.stringify(s), type: 'application/json' })) as { silenceID: string }).silenceID;
}

export async function expireSilence(id: string): Promise<void> {
  await send('DELETE', `api/v2/silence/${encodeURIComponent(id)}`);
}

/** A parse error of the expression ('' when it parses), from the server's format_query as Explore shows it. */
export async function checkLogQL(expr: string, signal?: AbortSignal): Promise<string> {
  try {
    await get('loki/api/v1/format_query', { query: expr }, signal);
    return '';
  } catch (e) {
    if (signal?.aborted) throw e;
    return errorMessage(400, (e as Error).message);
  }
}
