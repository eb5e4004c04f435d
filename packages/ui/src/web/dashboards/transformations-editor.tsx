// Grafana's transformations in the panel editor, for the two Logi applies: `reduce` (a row per series, a column per
// calculation) and `organize` (columns hidden, ordered, renamed, by column name). Applied in order, each can be
// disabled; any other transformation is kept as it is and named as not applied.
import { Field } from './editor-fields.js';
import type { Transformation } from './model.js';
import { REDUCERS } from './reducers.js';

const NAMES: Record<string, string> = { reduce: 'Reduce', organize: 'Organize fields by name' };

/** Column names separated by commas. */
const names = (text: string): string[] => text.split(',').map((s) => s.trim()).filter(Boolean);

/** `old = new` per line: organize's renameByName. */
function renames(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && line.slice(0, at).trim() !== '') out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

function ReduceOptions({ t, onChange }: { t: Transformation; onChange(t: Transformation): void }) {
  const chosen = (t.options?.reducers as string[] | undefined) ?? ['lastNotNull'];
  return (
    <Field label="Calculations">
      <select name="reduce-reducers" multiple size={6} onChange={(e) => onChange({ ...t, options: { ...t.options, reducers: [...e.currentTarget.selectedOptions].map((o) => o.value) } })}>
        {Object.entries(REDUCERS).map(([id, r]) => <option key={id} value={id} selected={chosen.includes(id)}>{r.name}</option>)}
      </select>
    </Field>
  );
}

function OrganizeOptions({ t, onChange }: { t: Transformation; onChange(t: Transformation): void }) {
  const o = (t.options ?? {}) as { excludeByName?: Record<string, boolean>; indexByName?: Record<string, number>; renameByName?: Record<string, string> };
  const set = (key: string, value: unknown): void => onChange({ ...t, options: { ...t.options, [key]: value } });
  const hidden = Object.keys(o.excludeByName ?? {}).filter((k) => o.excludeByName![k]);
  const order = Object.entries(o.indexByName ?? {}).sort((a, b) => a[1] - b[1]).map(([k]) => k);
  return (
    <>
      <Field label="Hide columns (comma-separated)">
        <input name="organize-hide" value={hidden.join(', ')} onChange={(e) => set('excludeByName', Object.fromEntries(names(e.currentTarget.value).map((n) => [n, true])))} />
      </Field>
      <Field label="Column order (comma-separated; others follow)">
        <input name="organize-order" value={order.join(', ')} onChange={(e) => set('indexByName', Object.fromEntries(names(e.currentTarget.value).map((n, i) => [n, i])))} />
      </Field>
      <Field label="Rename (one “column = new name” per line)">
        <textarea name="organize-rename" rows={3} value={Object.entries(o.renameByName ?? {}).map(([k, v]) => `${k} = ${v}`).join('\n')}
          onChange={(e) => set('renameByName', renames(e.currentTarget.value))} />
      </Field>
    </>
  );
}

export function TransformationsEditor({ transformations, onChange }: { transformations: Transformation[]; onChange(ts: Transformation[]): void }) {
  const set = (i: number, t: Transformation): void => onChange(transformations.map((x, j) => (j === i ? t : x)));
  return (
    <div class="transformations-editor">
      {transformations.map((t, i) => (
        <div class="transformation" key={i} data-transformation={t.id}>
          <div class="transformation-header">
            <strong>{NAMES[t.id] ?? `${t.id} (kept; Logi does not apply it)`}</strong>
            <span class="spacer" />
            <label class="inline"><input type="checkbox" name="transformation-disabled" checked={t.disabled === true} onChange={(e) => set(i, { ...t, disabled: e.currentTarget.checked || undefined })} /> Disable</label>
            <button class="toolbar-button" aria-label={`Remove transformation ${NAMES[t.id] ?? t.id}`} onClick={() => onChange(transformations.filter((_, j) => j !== i))}>×</button>
          </div>
          {t.id === 'reduce' && <ReduceOptions t={t} onChange={(next) => set(i, next)} />}
          {t.id === 'organize' && <OrganizeOptions t={t} onChange={(next) => set(i, next)} />}
        </div>
      ))}
      <div class="transformation-add">
        <button class="toolbar-button" onClick={() => onChange([...transformations, { id: 'reduce', options: { reducers: ['lastNotNull'], mode: 'seriesToRows' } }])}>+ Reduce</button>
        <button class="toolbar-button" onClick={() => onChange([...transformations, { id: 'organize', options: { excludeByName: {}, indexByName: {}, renameByName: {} } }])}>+ Organize fields</button>
      </div>
    </div>
  );
}
