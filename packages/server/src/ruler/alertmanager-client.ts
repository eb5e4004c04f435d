// Posts alerts to one Alertmanager's v2 API, as Loki's ruler does: the URL's path is the API's prefix,
// its userinfo (or alertmanager_client's basic_auth_*) is basic auth, and credentials are sent with
// their type (Bearer by default) when set.
import { readFile } from 'node:fs/promises';

/** Alertmanager's postableAlert. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

/** Loki's ruler.alertmanager_client keys. */
export interface AlertmanagerClientConfig {
  basicAuthUsername: string;
  basicAuthPassword: string;
  type: string;
  credentials: string;
  credentialsFile: string;
}

export class AlertmanagerClient {
  /** the URL as configured, userinfo hidden: for logs */
  readonly name: string;
  readonly #endpoint: string;
  readonly #basicAuth: string | undefined;
  readonly #config: AlertmanagerClientConfig;
  readonly #timeoutMs: number;

  constructor(url: string, config: AlertmanagerClientConfig, timeoutMs: number) {
    const u = new URL(url);
    const user = decodeURIComponent(u.username) || config.basicAuthUsername;
    const password = u.username ? decodeURIComponent(u.password) : config.basicAuthPassword;
    this.#basicAuth = user ? Buffer.from(`${user}:${password}`).toString('base64') : undefined;
    u.username = '';
    u.password = '';
    this.name = u.toString();
    this.#endpoint = `${u.origin}${u.pathname.replace(/\/$/, '')}/api/v2/alerts`;
    this.#config = config;
    this.#timeoutMs = timeoutMs;
  }

  async #authorization(): Promise<string | undefined> {
    if (this.#basicAuth) return `Basic ${this.#basicAuth}`;
    const { credentials, credentialsFile, type } = this.#config;
    const secret = credentials || (credentialsFile ? (await readFile(credentialsFile, 'utf8')).trim() : '');
    return secret ? `${type || 'Bearer'} ${secret}` : undefined;
  }

  /** Throws when Alertmanager does not answer 2xx within the timeout (notification_timeout). */
  async post(alerts: readonly PostableAlert[]): Promise<void> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const auth = await this.#authorization();
    if (auth) headers.Authorization = auth;
    const res = await fetch(this.#endpoint, { method: 'POST', headers, body: JSON.stringify(alerts), signal: AbortSignal.timeout(this.#timeoutMs) });
    const body = await res.text();
    if (res.status < 200 || res.status >= 300) throw new Error(`bad response status ${res.status} ${res.statusText}: ${body.slice(0, 200)}`);
  }
}
