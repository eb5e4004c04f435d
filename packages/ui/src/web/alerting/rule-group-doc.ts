// A rule group as the YAML rules API holds it, for the rule editor: one rule read out as the editor's form, and a
// rule put back (added, or replacing the one edited) with every other key of the group and its rules kept as
// written. The YAML library is loaded only when a group is read or written.
import { deleteRuleGroup, fetchRuleGroupYaml, saveRuleGroup } from './alerting-api.js';

export interface RuleForm {
  kind: 'alert' | 'record';
  name: string;
  expr: string;
  /** Prometheus durations as typed ('' when unset) */
  for: string;
  keepFiringFor: string;
  labels: Array<[string, string]>;
  annotations: Array<[string, string]>;
}

type Doc = Record<string, unknown> & { name: string; rules: Array<Record<string, unknown>> };

const loadYaml = () => import('yaml');

const pairs = (v: unknown): Array<[string, string]> =>
  v && typeof v === 'object' ? Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]) : [];

export async function readGroup(namespace: string, group: string): Promise<Doc> {
  const YAML = await loadYaml();
  return YAML.parse(await fetchRuleGroupYaml(namespace, group)) as Doc;
}

/** The form of the rule named `name` in the group (alerting or recording), if it has one. */
export function ruleForm(doc: Doc, name: string): RuleForm | undefined {
  const r = doc.rules.find((x) => x.alert === name || x.record === name);
  if (!r) return undefined;
  return {
    kind: r.record !== undefined ? 'record' : 'alert', name, expr: String(r.expr ?? ''),
    for: String(r.for ?? ''), keepFiringFor: String(r.keep_firing_for ?? ''),
    labels: pairs(r.labels), annotations: pairs(r.annotations),
  };
}

function ruleObject(f: RuleForm): Record<string, unknown> {
  const o: Record<string, unknown> = f.kind === 'alert' ? { alert: f.name } : { record: f.name };
  o.expr = f.expr;
  if (f.kind === 'alert' && f.for.trim()) o.for = f.for.trim();
  if (f.kind === 'alert' && f.keepFiringFor.trim()) o.keep_firing_for = f.keepFiringFor.trim();
  const labels = f.labels.filter(([k]) => k.trim());
  if (labels.length) o.labels = Object.fromEntries(labels.map(([k, v]) => [k.trim(), v]));
  // an empty label value removes that label (Prometheus' meaning); an empty annotation is just left out
  const annotations = f.annotations.filter(([k, v]) => k.trim() && v !== '');
  if (f.kind === 'alert' && annotations.length) o.annotations = Object.fromEntries(annotations.map(([k, v]) => [k.trim(), v]));
  return o;
}

/**
 * Saves the rule into namespace/group: the group is read first when it exists (`existing`), the rule named
 * `replacing` is replaced in place, else the rule is appended; `interval`, when given, becomes the group's.
 */
export async function saveRule(opts: { namespace: string; group: string; existing: boolean; interval: string; replacing: string | undefined; form: RuleForm }): Promise<void> {
  const YAML = await loadYaml();
  const doc: Doc = opts.existing ? await readGroup(opts.namespace, opts.group) : { name: opts.group, rules: [] };
  if (opts.interval.trim()) doc.interval = opts.interval.trim();
  const rule = ruleObject(opts.form);
  const at = opts.replacing === undefined ? -1 : doc.rules.findIndex((x) => x.alert === opts.replacing || x.record === opts.replacing);
  if (at >= 0) doc.rules[at] = rule;
  else doc.rules.push(rule);
  await saveRuleGroup(opts.namespace, YAML.stringify(doc));
}

/** Takes the rule named `name` out of its group (a rule moved to another group); a group left empty is deleted. */
export async function removeRule(namespace: string, group: string, name: string): Promise<void> {
  const YAML = await loadYaml();
  const doc = await readGroup(namespace, group);
  doc.rules = doc.rules.filter((x) => x.alert !== name && x.record !== name);
  if (doc.rules.length === 0) await deleteRuleGroup(namespace, group);
  else await saveRuleGroup(namespace, YAML.stringify(doc));
}
