// Rule files as Loki reads them (Prometheus' rulefmt): groups of alerting and recording rules with
// LogQL expressions. Parsing is strict on keys, like Loki's loader; every group is validated on its own
// so that one bad rule costs its group only, not the file.
import { compileAlertTemplate, formatPromDuration, isLogExpr, parseExpr, parsePromDuration, type AlertTemplate, type SampleExpr } from '@logi/logql';
import YAML, { isMap, isScalar, isSeq, LineCounter, type Node as YamlNode } from 'yaml';

export interface RuleSpec {
  /** exactly one of alert and record is set */
  alert?: string;
  record?: string;
  expr: string;
  forMs: number;
  keepFiringForMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroupSpec {
  name: string;
  /** 0: the ruler's evaluation_interval */
  intervalMs: number;
  queryOffsetMs: number;
  /** alerts (or series) a rule may produce; 0: no limit */
  limit: number;
  /** added to every rule's labels (a rule's own win) */
  labels: Record<string, string>;
  rules: RuleSpec[];
}

/** A rule ready to evaluate: its parsed expression and compiled templates. */
export interface CompiledRule {
  spec: RuleSpec;
  expr: SampleExpr;
  labelTemplates: [string, AlertTemplate][];
  annotationTemplates: [string, AlertTemplate][];
}

export class RuleFileError extends Error {}

const GROUP_KEYS = new Set(['name', 'interval', 'query_offset', 'limit', 'rules', 'labels']);
const RULE_KEYS = new Set(['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

interface Reader {
  lines: LineCounter;
  /** unknown keys are errors (rule files) or ignored (API bodies, as Loki's yaml.Unmarshal) */
  strict: boolean;
}

function fail(r: Reader, node: YamlNode | null | undefined, message: string): never {
  const line = node?.range ? r.lines.linePos(node.range[0]).line : 0;
  throw new RuleFileError(line ? `line ${line}: ${message}` : message);
}

function mapping(r: Reader, node: unknown, type: string, known?: Set<string>): Map<string, YamlNode> {
  const out = new Map<string, YamlNode>();
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return out;
  if (!isMap(node)) fail(r, node as YamlNode, `cannot unmarshal ${describe(node)} into ${type}`);
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (known && !known.has(key)) {
      if (r.strict) fail(r, pair.key as YamlNode, `field ${key} not found in type ${type}`);
      continue;
    }
    out.set(key, pair.value as YamlNode);
  }
  return out;
}

function describe(node: unknown): string {
  if (isSeq(node)) return '!!seq';
  if (isMap(node)) return '!!map';
  return isScalar(node) ? `!!str \`${String(node.value)}\`` : 'value';
}

function scalar(r: Reader, node: YamlNode | undefined, what: string): string {
  if (node === undefined || (isScalar(node) && node.value === null)) return '';
  if (!isScalar(node)) fail(r, node, `cannot unmarshal ${describe(node)} into ${what}`);
  return String(node.value);
}

function duration(r: Reader, node: YamlNode | undefined, what: string): number {
  const text = scalar(r, node, what);
  if (text === '') return 0;
  try {
    return parsePromDuration(text) / 1e6;
  } catch (e) {
    return fail(r, node, (e as Error).message);
  }
}

function stringMap(r: Reader, node: YamlNode | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of mapping(r, node, what)) out[k] = scalar(r, v, 'string');
  return out;
}

function readRule(r: Reader, node: unknown): RuleSpec {
  const m = mapping(r, node, 'rulefmt.Rule', RULE_KEYS);
  const rule: RuleSpec = {
    expr: scalar(r, m.get('expr'), 'string'),
    forMs: duration(r, m.get('for'), 'model.Duration'),
    keepFiringForMs: duration(r, m.get('keep_firing_for'), 'model.Duration'),
    labels: stringMap(r, m.get('labels'), 'map[string]string'),
    annotations: stringMap(r, m.get('annotations'), 'map[string]string'),
  };
  const alert = scalar(r, m.get('alert'), 'string');
  const record = scalar(r, m.get('record'), 'string');
  if (alert) rule.alert = alert;
  if (record) rule.record = record;
  return rule;
}

function readGroup(r: Reader, node: unknown): RuleGroupSpec {
  const m = mapping(r, node, 'rulefmt.RuleGroup', GROUP_KEYS);
  const limitText = scalar(r, m.get('limit'), 'int');
  if (limitText !== '' && !/^-?\d+$/.test(limitText)) fail(r, m.get('limit'), `cannot unmarshal !!str \`${limitText}\` into int`);
  const rulesNode = m.get('rules');
  if (rulesNode !== undefined && !isSeq(rulesNode) && !(isScalar(rulesNode) && rulesNode.value === null)) fail(r, rulesNode, `cannot unmarshal ${describe(rulesNode)} into []rulefmt.Rule`);
  return {
    name: scalar(r, m.get('name'), 'string'),
    intervalMs: duration(r, m.get('interval'), 'model.Duration'),
    queryOffsetMs: duration(r, m.get('query_offset'), 'model.Duration'),
    limit: limitText === '' ? 0 : Number(limitText),
    labels: stringMap(r, m.get('labels'), 'map[string]string'),
    rules: isSeq(rulesNode) ? rulesNode.items.map((x) => readRule(r, x)) : [],
  };
}

function parseDocument(text: string): { doc: YAML.Document.Parsed; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) throw new RuleFileError(`yaml: ${err.message.split('\n')[0]}`);
  return { doc, lines };
}

/** A rule file's groups (`groups: [...]`), keys checked; throws RuleFileError when the file cannot be decoded. */
export function parseRuleFile(text: string): RuleGroupSpec[] {
  const { doc, lines } = parseDocument(text);
  const r: Reader = { lines, strict: true };
  const top = mapping(r, doc.contents, 'rulefmt.RuleGroups', new Set(['groups']));
  const groups = top.get('groups');
  if (groups === undefined || (isScalar(groups) && groups.value === null)) return [];
  if (!isSeq(groups)) fail(r, groups, `cannot unmarshal ${describe(groups)} into []rulefmt.RuleGroup`);
  return groups.items.map((g) => readGroup(r, g));
}

/** One group, as the ruler API's POST body; unknown keys are ignored there, as in Loki. */
export function parseRuleGroup(text: string): RuleGroupSpec {
  const { doc, lines } = parseDocument(text);
  return readGroup({ lines, strict: false }, doc.contents);
}

/** Checks one rule and compiles it; throws RuleFileError with Loki's message. */
export function compileRule(rule: RuleSpec, groupName: string, externalURL: string): CompiledRule {
  if (rule.alert && rule.record) throw new RuleFileError(`only one of 'record' and 'alert' must be set`);
  if (!rule.alert && !rule.record) throw new RuleFileError(`one of 'record' or 'alert' must be set`);
  if (rule.expr === '') throw new RuleFileError(`field 'expr' must be set in rule`);
  const what = rule.record ? `record '${rule.record}'` : `alert '${rule.alert}'`;
  let expr;
  try {
    expr = parseExpr(rule.expr);
  } catch (e) {
    throw new RuleFileError(`could not parse expression for ${what} in group '${groupName}': ${(e as Error).message}`);
  }
  // Loki accepts a log query here and fails every evaluation; refusing it at load says why at once.
  if (isLogExpr(expr)) throw new RuleFileError(`expression for ${what} in group '${groupName}' is a log query; a rule needs a metric query`);
  if (rule.record !== undefined) {
    if (Object.keys(rule.annotations).length > 0) throw new RuleFileError(`invalid field 'annotations' in recording rule`);
    if (rule.forMs !== 0) throw new RuleFileError(`invalid field 'for' in recording rule`);
    if (!METRIC_NAME.test(rule.record)) throw new RuleFileError(`invalid recording rule name: ${rule.record}`);
  }
  for (const k of Object.keys(rule.labels)) {
    if (!LABEL_NAME.test(k) || k === '__name__') throw new RuleFileError(`invalid label name: ${k}`);
  }
  for (const k of Object.keys(rule.annotations)) {
    if (!LABEL_NAME.test(k)) throw new RuleFileError(`invalid annotation name: ${k}`);
  }
  const templates = (rec: Record<string, string>, kind: string): [string, AlertTemplate][] =>
    Object.entries(rec).map(([k, v]) => {
      try {
        return [k, compileAlertTemplate(rule.alert ?? rule.record!, v, externalURL)];
      } catch (e) {
        throw new RuleFileError(`${kind} ${JSON.stringify(k)}: ${(e as Error).message}`);
      }
    });
  return { spec: rule, expr, labelTemplates: templates(rule.labels, 'label'), annotationTemplates: templates(rule.annotations, 'annotation') };
}

/** Group-level checks of a file's groups (Loki's ValidateGroups): an empty or repeated name. */
export function groupErrors(groups: readonly RuleGroupSpec[]): (string | undefined)[] {
  const seen = new Set<string>();
  return groups.map((g, i) => {
    if (g.name === '') return `group ${i}: Groupname must not be empty`;
    if (seen.has(g.name)) return `groupname: "${g.name}" is repeated in the same file`;
    seen.add(g.name);
    return undefined;
  });
}

/** Every rule of a group compiled, or the first error with the rule it is about. */
export function compileGroup(group: RuleGroupSpec, externalURL: string): { rules: CompiledRule[] } | { error: string; rule: string } {
  const rules: CompiledRule[] = [];
  for (const spec of group.rules) {
    try {
      rules.push(compileRule({ ...spec, labels: { ...group.labels, ...spec.labels } }, group.name, externalURL));
    } catch (e) {
      if (!(e instanceof RuleFileError)) throw e;
      return { error: e.message, rule: spec.alert ?? spec.record ?? '' };
    }
  }
  return { rules };
}

const dur = (ms: number): string => formatPromDuration(ms * 1e6);

/** A group as Loki's API writes it (rulefmt.RuleGroup's YAML keys, empty ones left out). */
export function groupToYamlObject(g: RuleGroupSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { name: g.name };
  if (g.intervalMs) out.interval = dur(g.intervalMs);
  if (g.queryOffsetMs) out.query_offset = dur(g.queryOffsetMs);
  if (g.limit) out.limit = g.limit;
  if (Object.keys(g.labels).length) out.labels = g.labels;
  out.rules = g.rules.map((r) => {
    const o: Record<string, unknown> = r.record !== undefined ? { record: r.record } : { alert: r.alert };
    o.expr = r.expr;
    if (r.forMs) o.for = dur(r.forMs);
    if (r.keepFiringForMs) o.keep_firing_for = dur(r.keepFiringForMs);
    if (Object.keys(r.labels).length) o.labels = r.labels;
    if (Object.keys(r.annotations).length) o.annotations = r.annotations;
    return o;
  });
  return out;
}

/** YAML as Go's yaml.v3 writes it (4-space indent), which Loki's API answers with. */
export function toYaml(value: unknown): string {
  return YAML.stringify(value, { indent: 4, lineWidth: 0 });
}
