// The rule editor (/alerting/new, /alerting/edit?namespace=&group=&rule=): one alerting or recording rule of a
// namespace's group, its LogQL checked by the server as it is typed (the error marked in the editor as Explore
// marks it), a preview of what it returns over the last hours, and Save writing the group through Loki's YAML
// rules API (POST /loki/api/v1/rules/{namespace}), which checks it again.
import { useEffect, useState } from 'preact/hooks';
import { errorPosition } from '../explore/error-mark.js';
import { QueryEditor } from '../explore/query-editor.js';
import { isLogQuery } from '../explore/log-query.js';
import { navigate, useLocation } from '../shell/router.js';
import { AlertingHeader } from './alerting-header.js';
import { checkLogQL, fetchRuleGroups } from './alerting-api.js';
import { parsePromDuration } from './durations.js';
import { PREVIEW_HOURS, RulePreview } from './rule-preview.js';
import { readGroup, removeRule, ruleForm, saveRule, type RuleForm } from './rule-group-doc.js';
import './alerting.css';

const CHECK_DELAY_MS = 300;
const EMPTY: RuleForm = { kind: 'alert', name: '', expr: '', for: '1m', keepFiringFor: '', labels: [['severity', 'warning']], annotations: [['summary', '']] };
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

interface Target { namespace: string; group: string; interval: string }
interface Check { error: string; checked: string }

/** Key/value rows (labels, annotations) with add and remove. */
function Pairs({ title, pairs, onChange }: { title: string; pairs: Array<[string, string]>; onChange(p: Array<[string, string]>): void }) {
  const set = (i: number, at: 0 | 1, v: string): void => onChange(pairs.map((p, j) => (j === i ? (at === 0 ? [v, p[1]] : [p[0], v]) : p)));
  return (
    <fieldset class={`pairs pairs-${title.toLowerCase()}`}>
      <legend>{title}</legend>
      {pairs.map(([k, v], i) => (
        <div class="pair" key={i}>
          <input aria-label={`${title} name`} placeholder="name" value={k} onInput={(e) => set(i, 0, e.currentTarget.value)} />
          <input aria-label={`${title} value`} class="pair-value" placeholder={title === 'Annotations' ? 'text, with {{ $labels.x }} and {{ $value }}' : 'value'} value={v} onInput={(e) => set(i, 1, e.currentTarget.value)} />
          <button type="button" class="link" aria-label={`Remove ${title.toLowerCase()} ${k}`} onClick={() => onChange(pairs.filter((_, j) => j !== i))}>✕</button>
        </div>
      ))}
      <button type="button" class="link add-pair" onClick={() => onChange([...pairs, ['', '']])}>+ Add {title.toLowerCase().replace(/s$/, '')}</button>
    </fieldset>
  );
}

/** What is wrong with the form before it goes to the server; undefined when nothing. */
function formProblem(t: Target, f: RuleForm, check: Check): string | undefined {
  if (!t.namespace.trim()) return 'a namespace is needed';
  if (!t.group.trim()) return 'a group name is needed';
  if (t.interval.trim() && !parsePromDuration(t.interval)) return `group interval “${t.interval}” is not a duration like 1m or 30s`;
  if (!f.name.trim()) return 'the rule needs a name';
  if (f.kind === 'record' && !METRIC_NAME.test(f.name)) return `“${f.name}” is not a valid metric name for a recording rule`;
  if (!f.expr.trim()) return 'the rule needs an expression';
  if (check.checked === f.expr && check.error) return check.error;
  if (f.kind === 'alert' && f.for.trim() && parsePromDuration(f.for) === undefined) return `pending period “${f.for}” is not a duration like 5m`;
  if (f.kind === 'alert' && f.keepFiringFor.trim() && parsePromDuration(f.keepFiringFor) === undefined) return `keep firing for “${f.keepFiringFor}” is not a duration like 5m`;
  return undefined;
}

export function RuleEditor() {
  const { path, search } = useLocation();
  const editing = path === '/alerting/edit' ? { namespace: search.get('namespace') ?? '', group: search.get('group') ?? '', rule: search.get('rule') ?? '' } : undefined;
  const [target, setTarget] = useState<Target>({ namespace: editing?.namespace ?? '', group: editing?.group ?? '', interval: '' });
  const [form, setForm] = useState<RuleForm | undefined>(editing ? undefined : EMPTY);
  const [loadError, setLoadError] = useState<string | undefined>();
  const [check, setCheck] = useState<Check>({ error: '', checked: '' });
  const [hours, setHours] = useState(3);
  const [runs, setRuns] = useState(0);
  const [saveError, setSaveError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  // editing: the rule as the group's YAML holds it (durations and templates as written)
  useEffect(() => {
    if (!editing) return;
    readGroup(editing.namespace, editing.group).then((doc) => {
      const f = ruleForm(doc, editing.rule);
      if (!f) { setLoadError(`no rule “${editing.rule}” in group ${editing.group} of ${editing.namespace}`); return; }
      setTarget((t) => ({ ...t, interval: typeof doc.interval === 'string' ? doc.interval : '' }));
      setForm(f);
    }, (e: unknown) => setLoadError((e as Error).message));
  }, [editing?.namespace, editing?.group, editing?.rule]);

  // the LogQL checked as it is typed: parsed by the server, and a metric query (a rule's result is samples)
  const expr = form?.expr ?? '';
  useEffect(() => {
    if (!expr.trim()) { setCheck({ error: '', checked: expr }); return undefined; }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      checkLogQL(expr, abort.signal).then((error) => {
        if (abort.signal.aborted) return;
        const logQuery = !error && isLogQuery(expr);
        setCheck({ checked: expr, error: error || (logQuery ? 'a rule needs a metric query (e.g. sum(rate({app="api"} |= "error" [5m])) > 1), not a log query' : '') });
      }, () => undefined);
    }, CHECK_DELAY_MS);
    return () => { clearTimeout(timer); abort.abort(); };
  }, [expr]);

  if (loadError) return <div class="alerting"><AlertingHeader current="editor" /><div class="panel-error" role="alert">{loadError}</div></div>;
  if (!form) return <div class="alerting"><AlertingHeader current="editor" /><div class="loading">Loading the rule…</div></div>;

  const update = (f: Partial<RuleForm>): void => setForm({ ...form, ...f });
  const checkedOk = check.checked === form.expr && !check.error && form.expr.trim() !== '';
  const problem = formProblem(target, form, check);

  const save = async (): Promise<void> => {
    setSaveError(undefined);
    if (problem) { setSaveError(problem); return; }
    setSaving(true);
    try {
      const namespace = target.namespace.trim();
      const group = target.group.trim();
      const groups = await fetchRuleGroups();
      const existing = groups.some((g) => g.file === namespace && g.name === group);
      const sameGroup = editing && editing.namespace === namespace && editing.group === group;
      await saveRule({ namespace, group, existing, interval: target.interval, replacing: sameGroup ? editing.rule : undefined, form: { ...form, name: form.name.trim() } });
      // a rule given another namespace or group moves there: saved first, so that a failure loses nothing
      if (editing && !sameGroup) await removeRule(editing.namespace, editing.group, editing.rule);
      navigate('/alerting/list');
    } catch (e) {
      setSaveError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div class="alerting">
      <AlertingHeader current="editor" />
      <form class="rule-editor" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <h2>{editing ? `Edit rule ${editing.rule}` : 'New rule'}</h2>
        <div class="form-row">
          <label>Namespace<input name="namespace" placeholder="e.g. team-a" value={target.namespace} onInput={(e) => setTarget({ ...target, namespace: e.currentTarget.value })} /></label>
          <label>Group<input name="group" placeholder="e.g. errors" value={target.group} onInput={(e) => setTarget({ ...target, group: e.currentTarget.value })} /></label>
          <label>Group interval<input name="interval" placeholder="the ruler's evaluation_interval" value={target.interval} onInput={(e) => setTarget({ ...target, interval: e.currentTarget.value })} /></label>
        </div>
        <div class="form-row">
          <label>Type
            <select name="kind" value={form.kind} onChange={(e) => update({ kind: e.currentTarget.value as RuleForm['kind'] })}>
              <option value="alert">Alerting rule</option>
              <option value="record">Recording rule</option>
            </select>
          </label>
          <label class="grow">{form.kind === 'alert' ? 'Alert name' : 'Metric name (record)'}<input name="name" value={form.name} onInput={(e) => update({ name: e.currentTarget.value })} /></label>
        </div>
        <label class="expr-label">Expression (LogQL metric query)</label>
        <QueryEditor key={editing ? `${editing.namespace}/${editing.group}/${editing.rule}` : 'new'} value={form.expr}
          onChange={(e) => update({ expr: e })} onRun={() => setRuns((n) => n + 1)}
          errorAt={check.error && check.checked === form.expr ? errorPosition(check.error) : undefined}
          rangeNow={() => ({ fromMs: Date.now() - hours * 3600_000, toMs: Date.now() })} />
        <div class="expr-check" data-state={!form.expr.trim() ? 'empty' : check.checked !== form.expr ? 'checking' : check.error ? 'error' : 'ok'}>
          {check.checked === form.expr && check.error && <div class="query-error" role="alert">{check.error}</div>}
          {checkedOk && <span class="ok">✓ valid metric query</span>}
        </div>
        <div class="preview-head">
          <h3>Preview</h3>
          <select aria-label="Preview range" value={hours} onChange={(e) => setHours(Number(e.currentTarget.value))}>
            {PREVIEW_HOURS.map((h) => <option key={h} value={h}>Last {h} hour{h > 1 ? 's' : ''}</option>)}
          </select>
          <button type="button" class="toolbar-button" disabled={!checkedOk} onClick={() => setRuns((n) => n + 1)}>Run again</button>
        </div>
        <RulePreview expr={checkedOk ? form.expr : ''} kind={form.kind} hours={hours} runs={runs} />
        {form.kind === 'alert' && (
          <div class="form-row">
            <label>Pending period (for)<input name="for" placeholder="0s" value={form.for} onInput={(e) => update({ for: e.currentTarget.value })} /></label>
            <label>Keep firing for<input name="keepFiringFor" placeholder="0s" value={form.keepFiringFor} onInput={(e) => update({ keepFiringFor: e.currentTarget.value })} /></label>
          </div>
        )}
        <Pairs title="Labels" pairs={form.labels} onChange={(labels) => update({ labels })} />
        {form.kind === 'alert' && <Pairs title="Annotations" pairs={form.annotations} onChange={(annotations) => update({ annotations })} />}
        {saveError && <div class="form-error" role="alert">{saveError}</div>}
        <div class="form-actions">
          <button type="submit" class="toolbar-button primary" disabled={saving}>Save rule</button>
          <button type="button" class="toolbar-button" onClick={() => navigate('/alerting/list')}>Cancel</button>
        </div>
      </form>
    </div>
  );
}
