// Loki's ruler.remote_write block: `client` (one) and `clients` (by name) are Prometheus remote_write
// configs. The keys Logi acts on are read strictly; Prometheus keys for features Logi has not (TLS
// files, OAuth2, SigV4, relabelling) are refused so that a config never silently sends unauthenticated
// or unfiltered; sharding and metadata tuning keys are accepted and reported as ignored.
import { closestName } from '@logi/protocol';
import { parseConfigDuration } from '../app/units.js';

export interface RemoteWriteQueueConfig {
  /** samples held per client while the receiver is down; the oldest are dropped beyond it */
  capacity: number;
  maxSamplesPerSend: number;
  batchSendDeadlineMs: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  retryOnHttp429: boolean;
}

export interface RemoteWriteClientConfig {
  /** `name`, else the key under `clients`, else the URL: for logs */
  name: string;
  url: string;
  remoteTimeoutMs: number;
  headers: Record<string, string>;
  basicAuth: { username: string; password: string; passwordFile: string } | undefined;
  /** authorization (type Bearer by default), or the older bearer_token / bearer_token_file */
  authorization: { type: string; credentials: string; credentialsFile: string } | undefined;
  queue: RemoteWriteQueueConfig;
}

export interface RemoteWriteConfig {
  enabled: boolean;
  /** send the tenant as X-Scope-OrgID (Loki's default: true) */
  addOrgIdHeader: boolean;
  client: RemoteWriteClientConfig | undefined;
  clients: Map<string, RemoteWriteClientConfig>;
}

export class RemoteWriteConfigError extends Error {}

/** Prometheus 2.x's queue_config defaults as Loki 3 vendors them. */
const QUEUE_DEFAULTS: RemoteWriteQueueConfig = {
  capacity: 10_000, maxSamplesPerSend: 2000, batchSendDeadlineMs: 5000, minBackoffMs: 30, maxBackoffMs: 5000, retryOnHttp429: true,
};
const CLIENT_KEYS = ['url', 'name', 'remote_timeout', 'headers', 'basic_auth', 'authorization', 'bearer_token', 'bearer_token_file', 'queue_config'];
const QUEUE_KEYS = ['capacity', 'max_samples_per_send', 'batch_send_deadline', 'min_backoff', 'max_backoff', 'retry_on_http_429'];
const IGNORED_CLIENT_KEYS = ['send_exemplars', 'send_native_histograms', 'metadata_config', 'follow_redirects', 'enable_http2'];
const IGNORED_QUEUE_KEYS = ['max_shards', 'min_shards', 'sample_age_limit'];
const UNSUPPORTED_CLIENT_KEYS = ['write_relabel_configs', 'tls_config', 'oauth2', 'sigv4', 'azuread', 'google_iam', 'proxy_url', 'no_proxy', 'proxy_from_environment', 'proxy_connect_header'];

type Obj = Record<string, unknown>;

function object(v: unknown, key: string): Obj {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new RemoteWriteConfigError(`${key}: expected a mapping`);
  return v as Obj;
}

function str(v: unknown, key: string): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  throw new RemoteWriteConfigError(`${key}: expected a string, got ${JSON.stringify(v)}`);
}

function positive(v: unknown, key: string): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) throw new RemoteWriteConfigError(`${key}: expected a positive whole number, got ${JSON.stringify(v)}`);
  return n;
}

function duration(v: unknown, key: string): number {
  try {
    return parseConfigDuration(str(v, key));
  } catch (e) {
    throw new RemoteWriteConfigError(`${key}: ${(e as Error).message}`);
  }
}

/** Refuses unknown keys (naming the closest known one); collects the ignored ones. */
function checkKeys(o: Obj, key: string, known: string[], ignoredNames: string[], ignored: string[], unsupported: string[] = []): void {
  for (const k of Object.keys(o)) {
    if (known.includes(k)) continue;
    if (ignoredNames.includes(k)) { ignored.push(`${key}.${k}`); continue; }
    if (unsupported.includes(k)) throw new RemoteWriteConfigError(`${key}.${k}: not supported by Logi's remote write`);
    const near = closestName(k, [...known, ...ignoredNames, ...unsupported]);
    throw new RemoteWriteConfigError(`${key}: unknown key "${k}"${near ? `; did you mean "${near}"?` : ''}`);
  }
}

/** One Prometheus remote_write config at `key`; ignored keys are appended to `ignored`. */
export function parseRemoteWriteClient(v: unknown, key: string, ignored: string[], defaultName = ''): RemoteWriteClientConfig {
  const o = object(v, key);
  checkKeys(o, key, CLIENT_KEYS, IGNORED_CLIENT_KEYS, ignored, UNSUPPORTED_CLIENT_KEYS);
  if (o.url === undefined || o.url === '') throw new RemoteWriteConfigError(`${key}.url: required`);
  const url = str(o.url, `${key}.url`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RemoteWriteConfigError(`${key}.url: not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new RemoteWriteConfigError(`${key}.url: expected http or https, got ${JSON.stringify(url)}`);

  const headers = object(o.headers, `${key}.headers`);
  const basic = o.basic_auth === undefined ? undefined : object(o.basic_auth, `${key}.basic_auth`);
  if (basic) checkKeys(basic, `${key}.basic_auth`, ['username', 'password', 'password_file'], [], ignored);
  const authz = o.authorization === undefined ? undefined : object(o.authorization, `${key}.authorization`);
  if (authz) checkKeys(authz, `${key}.authorization`, ['type', 'credentials', 'credentials_file'], [], ignored);
  const bearer = o.bearer_token !== undefined || o.bearer_token_file !== undefined;
  if ([basic, authz, bearer || undefined].filter(Boolean).length > 1) {
    throw new RemoteWriteConfigError(`${key}: at most one of basic_auth, authorization and bearer_token(_file) may be set`);
  }
  const q = object(o.queue_config, `${key}.queue_config`);
  checkKeys(q, `${key}.queue_config`, QUEUE_KEYS, IGNORED_QUEUE_KEYS, ignored);
  const qk = (k: string): string => `${key}.queue_config.${k}`;
  const queue: RemoteWriteQueueConfig = {
    capacity: q.capacity === undefined ? QUEUE_DEFAULTS.capacity : positive(q.capacity, qk('capacity')),
    maxSamplesPerSend: q.max_samples_per_send === undefined ? QUEUE_DEFAULTS.maxSamplesPerSend : positive(q.max_samples_per_send, qk('max_samples_per_send')),
    batchSendDeadlineMs: q.batch_send_deadline === undefined ? QUEUE_DEFAULTS.batchSendDeadlineMs : duration(q.batch_send_deadline, qk('batch_send_deadline')),
    minBackoffMs: q.min_backoff === undefined ? QUEUE_DEFAULTS.minBackoffMs : duration(q.min_backoff, qk('min_backoff')),
    maxBackoffMs: q.max_backoff === undefined ? QUEUE_DEFAULTS.maxBackoffMs : duration(q.max_backoff, qk('max_backoff')),
    retryOnHttp429: q.retry_on_http_429 === undefined ? QUEUE_DEFAULTS.retryOnHttp429 : q.retry_on_http_429 === true || q.retry_on_http_429 === 'true',
  };
  if (queue.minBackoffMs > queue.maxBackoffMs) throw new RemoteWriteConfigError(`${qk('min_backoff')}: larger than max_backoff`);
  return {
    name: o.name === undefined ? defaultName || parsed.origin + parsed.pathname : str(o.name, `${key}.name`),
    url,
    remoteTimeoutMs: o.remote_timeout === undefined ? 30_000 : duration(o.remote_timeout, `${key}.remote_timeout`),
    headers: Object.fromEntries(Object.entries(headers).map(([h, x]) => [h, str(x, `${key}.headers.${h}`)])),
    basicAuth: basic && {
      username: str(basic.username ?? '', `${key}.basic_auth.username`),
      password: str(basic.password ?? '', `${key}.basic_auth.password`),
      passwordFile: str(basic.password_file ?? '', `${key}.basic_auth.password_file`),
    },
    authorization: authz
      ? { type: str(authz.type ?? 'Bearer', `${key}.authorization.type`), credentials: str(authz.credentials ?? '', `${key}.authorization.credentials`), credentialsFile: str(authz.credentials_file ?? '', `${key}.authorization.credentials_file`) }
      : bearer ? { type: 'Bearer', credentials: str(o.bearer_token ?? '', `${key}.bearer_token`), credentialsFile: str(o.bearer_token_file ?? '', `${key}.bearer_token_file`) } : undefined,
    queue,
  };
}

/** `ruler.remote_write.clients`: a mapping of names to remote_write configs. */
export function parseRemoteWriteClients(v: unknown, key: string, ignored: string[]): Map<string, RemoteWriteClientConfig> {
  return new Map(Object.entries(object(v, key)).map(([name, c]) => [name, parseRemoteWriteClient(c, `${key}.${name}`, ignored, name)]));
}

/** The clients samples go to: all of `clients` and `client` (Loki merges the deprecated single one in). */
export function remoteWriteTargets(c: RemoteWriteConfig): RemoteWriteClientConfig[] {
  if (!c.enabled) return [];
  return [...c.clients.values(), ...c.client ? [c.client] : []];
}
