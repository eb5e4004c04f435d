// The built-in receivers' configuration: a file in Alertmanager's own format (global, route, receivers
// with slack_configs, webhook_configs and email_configs), so that a team can later move it to a real
// Alertmanager unchanged. Keys it does not know are refused, as Alertmanager does.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { parseConfigDuration } from '../app/units.js';
import { makeMatcher, parseMatcher, type Matcher } from './matchers.js';

export interface SlackConfig { kind: 'slack'; sendResolved: boolean; apiUrl: string; channel: string; username: string }
export interface WebhookConfig { kind: 'webhook'; sendResolved: boolean; url: string; maxAlerts: number }
export interface EmailConfig {
  kind: 'email'; sendResolved: boolean;
  to: string; from: string; host: string; port: number; hello: string;
  authUsername: string; authPassword: string; requireTls: boolean; insecureSkipVerify: boolean;
  /** TLS from the first byte: force_implicit_tls, or when unset, port 465 (as Alertmanager) */
  implicitTls: boolean;
}
export type IntegrationConfig = SlackConfig | WebhookConfig | EmailConfig;

export interface ReceiverConfig { name: string; integrations: IntegrationConfig[] }

export interface RouteConfig {
  receiver: string;
  /** label names; `all` for Alertmanager's `...` (every label) */
  groupBy: string[] | 'all';
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  matchers: Matcher[];
  continue: boolean;
  routes: RouteConfig[];
}

export interface NotificationConfig { route: RouteConfig; receivers: Map<string, ReceiverConfig> }

export class NotificationConfigError extends Error {}

type Yaml = Record<string, unknown>;
const isMap = (v: unknown): v is Yaml => v !== null && typeof v === 'object' && !Array.isArray(v);

function fields(v: unknown, where: string, allowed: readonly string[]): Yaml {
  if (v === undefined || v === null) return {};
  if (!isMap(v)) throw new NotificationConfigError(`${where}: expected a mapping`);
  const extra = Object.keys(v).find((k) => !allowed.includes(k));
  if (extra) throw new NotificationConfigError(`${where}: field ${extra} not found in type`);
  return v;
}

const str = (v: unknown, where: string, def = ''): string => {
  if (v === undefined || v === null) return def;
  if (typeof v !== 'string') throw new NotificationConfigError(`${where}: expected a string`);
  return v;
};
const bool = (v: unknown, where: string, def: boolean): boolean => {
  if (v === undefined || v === null) return def;
  if (typeof v !== 'boolean') throw new NotificationConfigError(`${where}: expected true or false`);
  return v;
};
function duration(v: unknown, where: string, def: number): number {
  if (v === undefined || v === null) return def;
  try {
    return parseConfigDuration(v as string);
  } catch (e) {
    throw new NotificationConfigError(`${where}: ${(e as Error).message}`);
  }
}
function list(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new NotificationConfigError(`${where}: expected a list`);
  return v;
}

interface Globals { slackApiUrl: string; smtpFrom: string; smtpSmarthost: string; smtpHello: string; smtpUser: string; smtpPassword: string; smtpRequireTls: boolean; smtpForceImplicitTls: boolean | undefined }

function parseGlobals(v: unknown): Globals {
  const g = fields(v, 'global', ['slack_api_url', 'smtp_from', 'smtp_smarthost', 'smtp_hello', 'smtp_auth_username', 'smtp_auth_password', 'smtp_require_tls', 'smtp_force_implicit_tls']);
  return {
    slackApiUrl: str(g.slack_api_url, 'global.slack_api_url'),
    smtpFrom: str(g.smtp_from, 'global.smtp_from'),
    smtpSmarthost: str(g.smtp_smarthost, 'global.smtp_smarthost'),
    smtpHello: str(g.smtp_hello, 'global.smtp_hello', 'localhost'),
    smtpUser: str(g.smtp_auth_username, 'global.smtp_auth_username'),
    smtpPassword: str(g.smtp_auth_password, 'global.smtp_auth_password'),
    smtpRequireTls: bool(g.smtp_require_tls, 'global.smtp_require_tls', true),
    smtpForceImplicitTls: g.smtp_force_implicit_tls == null ? undefined : bool(g.smtp_force_implicit_tls, 'global.smtp_force_implicit_tls', false),
  };
}

function url(v: unknown, where: string): string {
  const s = str(v, where);
  if (!s) throw new NotificationConfigError(`${where}: missing URL`);
  try {
    const u = new URL(s);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme must be http or https');
  } catch (e) {
    throw new NotificationConfigError(`${where}: invalid URL ${JSON.stringify(s)}: ${(e as Error).message}`);
  }
  return s;
}

function slack(v: unknown, where: string, g: Globals): SlackConfig {
  const c = fields(v, where, ['send_resolved', 'api_url', 'channel', 'username']);
  const apiUrl = c.api_url ?? (g.slackApiUrl || undefined);
  if (apiUrl === undefined) throw new NotificationConfigError(`${where}: no global Slack API URL set either inline or in a file`);
  return { kind: 'slack', sendResolved: bool(c.send_resolved, `${where}.send_resolved`, false), apiUrl: url(apiUrl, `${where}.api_url`), channel: str(c.channel, `${where}.channel`), username: str(c.username, `${where}.username`, 'Logi') };
}

function webhook(v: unknown, where: string): WebhookConfig {
  const c = fields(v, where, ['send_resolved', 'url', 'max_alerts']);
  const maxAlerts = c.max_alerts ?? 0;
  if (typeof maxAlerts !== 'number' || !Number.isInteger(maxAlerts) || maxAlerts < 0) throw new NotificationConfigError(`${where}.max_alerts: expected a whole number`);
  return { kind: 'webhook', sendResolved: bool(c.send_resolved, `${where}.send_resolved`, true), url: url(c.url, `${where}.url`), maxAlerts };
}

function email(v: unknown, where: string, g: Globals): EmailConfig {
  const c = fields(v, where, ['send_resolved', 'to', 'from', 'smarthost', 'hello', 'auth_username', 'auth_password', 'require_tls', 'force_implicit_tls', 'tls_config']);
  const to = str(c.to, `${where}.to`);
  if (!to) throw new NotificationConfigError(`${where}: missing to address in email config`);
  const from = str(c.from, `${where}.from`, g.smtpFrom);
  if (!from) throw new NotificationConfigError(`${where}: no global SMTP from set`);
  const smarthost = str(c.smarthost, `${where}.smarthost`, g.smtpSmarthost);
  const hp = /^(.+):(\d+)$/.exec(smarthost);
  if (!hp) throw new NotificationConfigError(`${where}: smarthost must be host:port, got ${JSON.stringify(smarthost)}`);
  const forceImplicit = c.force_implicit_tls == null ? g.smtpForceImplicitTls : bool(c.force_implicit_tls, `${where}.force_implicit_tls`, false);
  const tls = fields(c.tls_config, `${where}.tls_config`, ['insecure_skip_verify']);
  return {
    kind: 'email', sendResolved: bool(c.send_resolved, `${where}.send_resolved`, false), to, from,
    host: hp[1]!.replace(/^\[(.*)\]$/, '$1'), port: Number(hp[2]), hello: str(c.hello, `${where}.hello`, g.smtpHello),
    authUsername: str(c.auth_username, `${where}.auth_username`, g.smtpUser), authPassword: str(c.auth_password, `${where}.auth_password`, g.smtpPassword),
    requireTls: bool(c.require_tls, `${where}.require_tls`, g.smtpRequireTls), insecureSkipVerify: bool(tls.insecure_skip_verify, `${where}.tls_config.insecure_skip_verify`, false),
    implicitTls: forceImplicit ?? hp[2] === '465',
  };
}

function receiver(v: unknown, where: string, g: Globals): ReceiverConfig {
  const r = fields(v, where, ['name', 'slack_configs', 'webhook_configs', 'email_configs']);
  const name = str(r.name, `${where}.name`);
  if (!name) throw new NotificationConfigError(`${where}: missing name of receiver`);
  return {
    name,
    integrations: [
      ...list(r.slack_configs, `${where}.slack_configs`).map((c, i) => slack(c, `${where}.slack_configs[${i}]`, g)),
      ...list(r.webhook_configs, `${where}.webhook_configs`).map((c, i) => webhook(c, `${where}.webhook_configs[${i}]`)),
      ...list(r.email_configs, `${where}.email_configs`).map((c, i) => email(c, `${where}.email_configs[${i}]`, g)),
    ],
  };
}

/** Alertmanager's defaults for the root route; child routes inherit their parent's settings. */
const ROOT_DEFAULTS: Omit<RouteConfig, 'matchers' | 'continue' | 'routes'> = { receiver: '', groupBy: [], groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 4 * 3_600_000 };

function route(v: unknown, where: string, parent: Omit<RouteConfig, 'matchers' | 'continue' | 'routes'>): RouteConfig {
  const r = fields(v, where, ['receiver', 'group_by', 'group_wait', 'group_interval', 'repeat_interval', 'matchers', 'match', 'match_re', 'continue', 'routes']);
  const groupBy = r.group_by === undefined ? parent.groupBy : list(r.group_by, `${where}.group_by`).map((n, i) => str(n, `${where}.group_by[${i}]`));
  const matchers: Matcher[] = [];
  try {
    matchers.push(...list(r.matchers, `${where}.matchers`).map((m, i) => parseMatcher(str(m, `${where}.matchers[${i}]`))));
    for (const [n, val] of Object.entries(fields(r.match, `${where}.match`, Object.keys(r.match ?? {})))) matchers.push(makeMatcher(n, '=', str(val, `${where}.match.${n}`)));
    for (const [n, val] of Object.entries(fields(r.match_re, `${where}.match_re`, Object.keys(r.match_re ?? {})))) matchers.push(makeMatcher(n, '=~', str(val, `${where}.match_re.${n}`)));
  } catch (e) {
    if (e instanceof NotificationConfigError) throw e;
    throw new NotificationConfigError(`${where}: ${(e as Error).message}`);
  }
  const settings = {
    receiver: str(r.receiver, `${where}.receiver`, parent.receiver),
    groupBy: Array.isArray(groupBy) && groupBy.includes('...') ? 'all' as const : groupBy,
    groupWaitMs: duration(r.group_wait, `${where}.group_wait`, parent.groupWaitMs),
    groupIntervalMs: duration(r.group_interval, `${where}.group_interval`, parent.groupIntervalMs),
    repeatIntervalMs: duration(r.repeat_interval, `${where}.repeat_interval`, parent.repeatIntervalMs),
  };
  if (settings.groupIntervalMs <= 0) throw new NotificationConfigError(`${where}: group_interval cannot be zero`);
  if (settings.repeatIntervalMs <= 0) throw new NotificationConfigError(`${where}: repeat_interval cannot be zero`);
  return { ...settings, matchers, continue: bool(r.continue, `${where}.continue`, false), routes: list(r.routes, `${where}.routes`).map((c, i) => route(c, `${where}.routes[${i}]`, settings)) };
}

function checkReceivers(r: RouteConfig, receivers: Map<string, ReceiverConfig>): void {
  if (!receivers.has(r.receiver)) throw new NotificationConfigError(`undefined receiver "${r.receiver}" used in route`);
  for (const child of r.routes) checkReceivers(child, receivers);
}

export function parseNotificationConfig(text: string): NotificationConfig {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new NotificationConfigError((e as Error).message.split('\n')[0]!);
  }
  const top = fields(doc, 'config', ['global', 'route', 'receivers']);
  const g = parseGlobals(top.global);
  const receivers = new Map<string, ReceiverConfig>();
  for (const [i, v] of list(top.receivers, 'receivers').entries()) {
    const r = receiver(v, `receivers[${i}]`, g);
    if (receivers.has(r.name)) throw new NotificationConfigError(`notification config name "${r.name}" is not unique`);
    receivers.set(r.name, r);
  }
  if (top.route === undefined) throw new NotificationConfigError('no routes provided');
  const root = route(top.route, 'route', ROOT_DEFAULTS);
  if (!root.receiver) throw new NotificationConfigError('root route must specify a default receiver');
  if (root.matchers.length > 0) throw new NotificationConfigError('root route must not have any matchers');
  checkReceivers(root, receivers);
  return { route: root, receivers };
}

/** Reads and checks the file; errors name it. */
export function loadNotificationConfig(path: string): NotificationConfig {
  try {
    return parseNotificationConfig(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new NotificationConfigError(`${path}: ${(e as Error).message}`);
  }
}
