// The HTTP client of every command: where the server is and how to authenticate, from logcli's
// flags or their LOKI_* environment variables (a flag wins over its variable).
import { STATUS_CODES } from 'node:http';
import { CommandError, type OptionTypes, type ParsedArgs } from './args.js';

export const DEFAULT_ADDR = 'http://127.0.0.1:3100';

export const CLIENT_OPTIONS: OptionTypes = {
  addr: { type: 'string' },
  'org-id': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  'bearer-token': { type: 'string' },
};

export const CLIENT_USAGE = `      --addr=URL          server address (LOKI_ADDR, default ${DEFAULT_ADDR})
      --org-id=ID         X-Scope-OrgID sent with every request (LOKI_ORG_ID)
      --username=NAME     HTTP basic auth username (LOKI_USERNAME)
      --password=SECRET   HTTP basic auth password (LOKI_PASSWORD)
      --bearer-token=T    Authorization: Bearer T (LOKI_BEARER_TOKEN)
`;

export class LokiClient {
  readonly addr: string;
  readonly headers: Record<string, string>;

  constructor(args: ParsedArgs, env: NodeJS.ProcessEnv) {
    const setting = (flag: string, variable: string): string => args.string(flag) ?? env[variable] ?? '';
    this.addr = (setting('addr', 'LOKI_ADDR') || DEFAULT_ADDR).replace(/\/+$/, '');
    this.headers = {};
    const orgId = setting('org-id', 'LOKI_ORG_ID');
    if (orgId) this.headers['X-Scope-OrgID'] = orgId;
    const username = setting('username', 'LOKI_USERNAME');
    const password = setting('password', 'LOKI_PASSWORD');
    const token = setting('bearer-token', 'LOKI_BEARER_TOKEN');
    if (username || password) this.headers['Authorization'] = 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
    else if (token) this.headers['Authorization'] = 'Bearer ' + token;
  }

  url(path: string, params: URLSearchParams): URL {
    const url = new URL(this.addr + path);
    url.search = params.toString();
    return url;
  }

  /** GETs a Loki API and returns its JSON body; a refused connection or an error answer becomes a CommandError. */
  async get<T>(path: string, params: URLSearchParams): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url(path, params), { headers: this.headers });
    } catch (e) {
      throw new CommandError(connectionFailure(this.addr, e));
    }
    const text = await response.text();
    if (!response.ok) throw serverError(response.status, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CommandError(`${this.addr} answered something that is not Loki JSON: ${oneLine(text).slice(0, 200)}`);
    }
  }
}

/** Why `addr` could not be reached, from fetch's error (its cause holds the socket error code). */
export function connectionFailure(addr: string, e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code === 'ECONNREFUSED' ? 'connection refused'
    : cause?.code === 'ENOTFOUND' ? 'host not found'
      : cause?.message ?? (e as Error).message;
  return `cannot connect to ${addr}: ${reason}`;
}

/** An error answer in one line: `error response from server: 400 Bad Request: <the server's message>`. */
export function serverError(status: number, body: string): CommandError {
  return new CommandError(`error response from server: ${status} ${STATUS_CODES[status] ?? ''}: ${oneLine(body)}`);
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}
