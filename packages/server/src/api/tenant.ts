import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './http-error.js';

const TENANT_CHARS = /^[A-Za-z0-9!\-_.*'()]+$/;

/** The tenant of a request: X-Scope-OrgID when auth is enabled, otherwise Loki's single tenant `fake`. */
export function tenantOf(headers: IncomingHttpHeaders, authEnabled: boolean, allowMultiple = false): string {
  if (!authEnabled) return 'fake';
  const raw = headers['x-scope-orgid'];
  const id = Array.isArray(raw) ? raw[0] : raw;
  if (!id) throw new HttpError(401, 'no org id');
  const ids = id.split('|');
  if (ids.length > 1 && !allowMultiple) throw new HttpError(400, 'multiple org IDs present');
  for (const t of ids) {
    if (t.length > 150) throw new HttpError(401, `tenant ID is too long: max 150 characters`);
    if (t === '.' || t === '..') throw new HttpError(401, `tenant ID is '.' or '..'`);
    if (!TENANT_CHARS.test(t)) throw new HttpError(401, `tenant ID '${t}' contains unsupported character`);
  }
  return id;
}
