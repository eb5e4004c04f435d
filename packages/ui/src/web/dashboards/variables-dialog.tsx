// Grafana's dashboard settings > Variables, compact: every variable of the dashboard in order, each with the fields of
// its type (a query and its data source, a comma-separated list, a value), multi-value and All; added, removed and moved. Applied to
// the page as a whole, so the variable bar loads the new list once.
import { DataSourcePicker } from './datasource-picker.js';
import { Field, Select } from './editor-fields.js';
import { ListDialog, type EntryEdit } from './list-dialog.js';
import type { Variable } from './model.js';
import { queryText } from './variables.js';

interface Props { variables: Variable[]; onApply(list: Variable[]): void; onClose(): void }

const TYPES: Array<[string, string]> = [['query', 'Query'], ['custom', 'Custom'], ['interval', 'Interval'], ['textbox', 'Text box'], ['constant', 'Constant']];
/** What the single text field of each type holds. */
const QUERY_LABEL: Record<string, string> = {
  query: 'Query: label_names(), label_values(label) or label_values({selector}, label); on a Prometheus also label_names(match), metrics(regex), query_result(expr) or a series selector',
  custom: 'Values separated by comma (text : value pairs allowed)',
  interval: 'Values separated by comma, e.g. 1m,10m,1h',
  textbox: 'Default value',
  constant: 'Value',
};


/** Grafana's rule for names: word characters only, and not its own `__` prefix; unique in the dashboard. */
export function nameProblem(list: readonly Variable[], i: number): string | undefined {
  const name = list[i]!.name;
  if (name === '') return 'A name is required';
  if (!/^\w+$/.test(name)) return 'Only word characters are allowed in variable names';
  if (name.startsWith('__')) return "Names starting with '__' are reserved for Grafana's global variables";
  if (list.some((v, j) => j < i && v.name === name)) return 'Variable with the same name already exists';
  return undefined;
}

/** The variable with its text field set, in the form its type keeps it (textbox and constant: their value too). */
function withQuery(v: Variable, text: string): Variable {
  const next: Variable = { ...v, query: text };
  if (v.type === 'query') next.definition = text;
  if (v.type === 'textbox' || v.type === 'constant') next.current = { text, value: text };
  return next;
}

function VariableForm({ v, edit }: { v: Variable; edit: EntryEdit<Variable> }) {
  const { change: onChange, remove: onRemove, move: onMove, first, last, problem } = edit;
  const listed = ['query', 'custom'].includes(v.type);
  return (
    <fieldset class="variable-form" data-variable={v.name}>
      <div class="variable-form-row">
        <Field label="Name"><input name="variable-name" value={v.name} spellcheck={false} onInput={(e) => onChange({ ...v, name: e.currentTarget.value })} /></Field>
        <Field label="Label"><input name="variable-label" value={v.label ?? ''} onInput={(e) => onChange({ ...v, label: e.currentTarget.value || undefined })} /></Field>
        <Field label="Type"><Select name="variable-type" value={v.type} choices={TYPES.some(([t]) => t === v.type) ? TYPES : [v.type, ...TYPES]}
          onChange={(type) => onChange(withQuery({ ...v, type }, queryText(v)))} /></Field>
        <span class="spacer" />
        <button class="toolbar-button" aria-label={`Move ${v.name} up`} disabled={first} onClick={() => onMove(-1)}>↑</button>
        <button class="toolbar-button" aria-label={`Move ${v.name} down`} disabled={last} onClick={() => onMove(1)}>↓</button>
        <button class="toolbar-button danger" aria-label={`Remove variable ${v.name}`} onClick={onRemove}>Remove</button>
      </div>
      {problem && <div class="panel-error" role="alert">{problem}</div>}
      {v.type === 'query' && (
        <Field label="Data source"><DataSourcePicker name="variable-datasource" value={v.datasource} types={['loki', 'prometheus']} onChange={(datasource) => onChange({ ...v, datasource })} /></Field>
      )}
      {QUERY_LABEL[v.type] && (
        <Field label={QUERY_LABEL[v.type]!}><input name="variable-query" value={queryText(v)} spellcheck={false} onChange={(e) => onChange(withQuery(v, e.currentTarget.value))} /></Field>
      )}
      {v.type === 'query' && (
        <Field label="Regex (optional, /pattern/)"><input name="variable-regex" value={v.regex ?? ''} spellcheck={false} onChange={(e) => onChange({ ...v, regex: e.currentTarget.value || undefined })} /></Field>
      )}
      {listed && (
        <div class="variable-form-row">
          <label class="inline"><input type="checkbox" name="variable-multi" checked={v.multi === true} onChange={(e) => onChange({ ...v, multi: e.currentTarget.checked })} /> Multi-value</label>
          <label class="inline"><input type="checkbox" name="variable-include-all" checked={v.includeAll === true} onChange={(e) => onChange({ ...v, includeAll: e.currentTarget.checked })} /> Include All option</label>
          {v.includeAll && (
            <label class="inline">Custom all value <input name="variable-all-value" value={v.allValue ?? ''} placeholder="every value" onChange={(e) => onChange({ ...v, allValue: e.currentTarget.value || null })} /></label>
          )}
        </div>
      )}
    </fieldset>
  );
}

export function VariablesDialog({ variables, onApply, onClose }: Props) {
  return (
    <ListDialog title="Variables" entries={variables} addLabel="+ New variable" problemOf={nameProblem} onApply={onApply} onClose={onClose}
      empty={<>No variables yet. Variables make a dashboard interactive: a query's <code>$name</code> takes the value chosen above the panels.</>}
      created={(list) => {
        let n = list.length;
        while (list.some((v) => v.name === `query${n}`)) n++;
        return { name: `query${n}`, type: 'query', query: 'label_names()', definition: 'label_names()', options: [] };
      }}>
      {(v, edit) => <VariableForm v={v} edit={edit} />}
    </ListDialog>
  );
}
