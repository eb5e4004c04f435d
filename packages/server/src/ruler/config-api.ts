// Loki's ruler configuration API (what lokitool/cortextool and Grafana use): rule groups as YAML,
// listed, read, written into their namespace file and deleted. Paths, codes and messages are Loki's.
import { HttpError } from '../api/http-error.js';
import { readBody } from '../api/body.js';
import { json, text, type Handler, type Reply, type RequestContext } from '../app/http.js';
import { compileGroup, groupErrors, groupToYamlObject, parseRuleGroup, toYaml, type RuleGroupSpec } from './rule-file.js';
import { checkName, GROUP_NOT_FOUND } from './rule-store.js';
import type { Ruler } from './ruler.js';

/** Loki's JSON answer shape for the ruler API's successes and its "respondServerError"s. */
export function rulerResponse(status: 'success' | 'error', errorType = '', error = ''): string {
  return JSON.stringify({ status, data: null, errorType, error });
}

const yamlReply = (value: unknown): Reply => ({ status: 200, contentType: 'application/yaml', body: toYaml(value) });
const accepted = (): Reply => json(rulerResponse('success'), 202);

/** Loki answers a bad namespace or group name with a server error (its parseRequest). */
function names(ctx: RequestContext): { namespace: string | undefined; group: string | undefined } {
  const [ns, group] = ctx.pathParams;
  try {
    return { namespace: ns === undefined ? undefined : checkName(ns, 'namespace'), group: group === undefined ? undefined : checkName(group, 'groupname') };
  } catch (e) {
    throw new RulerJsonError(500, 'server_error', (e as Error).message);
  }
}

export class RulerJsonError extends HttpError {
  readonly errorType: string;
  constructor(status: number, errorType: string, message: string) {
    super(status, message);
    this.errorType = errorType;
  }
}

/** Turns a RulerJsonError into Loki's JSON error body; everything else goes to the server's usual answer. */
export async function withJsonErrors(run: () => Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof RulerJsonError) return json(rulerResponse('error', e.errorType, e.message), e.status);
    throw e;
  }
}

/**
 * Loki's `labels=name:value,…` filter: only the rules carrying one of these labels, and only the
 * groups left with rules.
 */
function byLabels(groups: RuleGroupSpec[], filter: string | null): RuleGroupSpec[] {
  if (!filter) return groups;
  const wanted = filter.split(',').map((kv) => kv.split(':'));
  return groups
    .map((g) => ({ ...g, rules: g.rules.filter((r) => wanted.some(([k, v]) => k !== undefined && r.labels[k] === (v ?? ''))) }))
    .filter((g) => g.rules.length > 0);
}

async function listRules(ruler: Ruler, ctx: RequestContext, tenant: string, namespace: string | undefined): Promise<Reply> {
  const all = await ruler.store.readTenant(tenant);
  const out: Record<string, unknown[]> = {};
  let found = false;
  for (const [ns, groups] of all) {
    if (namespace !== undefined && ns !== namespace) continue;
    found = true;
    const kept = byLabels(groups, ctx.url.searchParams.get('labels'));
    if (kept.length > 0) out[ns] = kept.map(groupToYamlObject);
  }
  // as Loki: 404 when there are no groups at all; a filter that leaves none answers an empty map
  if (!found) throw new HttpError(404, 'no rule groups found');
  return yamlReply(out);
}

async function getGroup(ruler: Ruler, tenant: string, namespace: string, name: string): Promise<Reply> {
  const group = (await ruler.store.readNamespace(tenant, namespace)).find((g) => g.name === name);
  if (!group) throw new HttpError(404, GROUP_NOT_FOUND);
  return yamlReply(groupToYamlObject(group));
}

async function createGroup(ruler: Ruler, ctx: RequestContext, tenant: string, namespace: string): Promise<Reply> {
  const body = (await readBody(ctx.req)).toString('utf8');
  let group: RuleGroupSpec;
  try {
    group = parseRuleGroup(body);
  } catch {
    throw new HttpError(400, 'unable to decoded rule group');
  }
  const errors: string[] = [];
  const groupError = groupErrors([group])[0];
  if (groupError) errors.push(groupError);
  const compiled = compileGroup(group, '');
  if ('error' in compiled) errors.push(compiled.error);
  if (errors.length > 0) throw new HttpError(400, errors.join(', '));
  await ruler.store.setGroup(tenant, namespace, group);
  await ruler.sync();
  return accepted();
}

/** GET|POST|DELETE /loki/api/v1/rules[/{namespace}[/{groupName}]] and the /api/prom/rules aliases. */
export function rulesConfigHandler(ruler: Ruler): Handler {
  return (ctx) => withJsonErrors(async () => {
    const tenant = ctx.tenant();
    const { namespace, group } = names(ctx);
    const method = ctx.req.method;
    if (method === 'GET') {
      if (group !== undefined) return getGroup(ruler, tenant, namespace!, group);
      return listRules(ruler, ctx, tenant, namespace);
    }
    if (method === 'POST' && namespace !== undefined && group === undefined) return createGroup(ruler, ctx, tenant, namespace);
    if (method === 'DELETE' && namespace !== undefined) {
      if (group !== undefined) await ruler.store.deleteGroup(tenant, namespace, group);
      else await ruler.store.deleteNamespace(tenant, namespace);
      await ruler.sync();
      return accepted();
    }
    return text('405 method not allowed\n', 405);
  });
}
