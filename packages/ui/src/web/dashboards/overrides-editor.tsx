// Grafana's field overrides in the panel editor: each override picks series by name or by a regex over names and sets
// some of their field options (colour, display name, unit, decimals, min, max), later overrides winning. Matchers and
// properties Logi does not edit are kept as they are and named.
import { Select } from './editor-fields.js';
import type { Override } from './model.js';

const MATCHERS: Array<[string, string]> = [['byName', 'Fields with name'], ['byRegexp', 'Fields with name matching regex']];
const PROPERTIES: Array<[string, string]> = [['color', 'Color'], ['displayName', 'Display name'], ['unit', 'Unit'], ['decimals', 'Decimals'], ['min', 'Min'], ['max', 'Max']];
const NUMERIC = new Set(['decimals', 'min', 'max']);

type Property = Override['properties'][number];

/** A property's value as its input shows it: a fixed colour's name, a number or text. */
function valueText(p: Property): string {
  if (p.id === 'color') return String((p.value as { fixedColor?: string } | undefined)?.fixedColor ?? '');
  return p.value === undefined || p.value === null ? '' : String(p.value);
}

/** The value typed, in the shape Grafana keeps for the property (a colour: fixed mode; numbers as numbers). */
function propertyValue(id: string, text: string): unknown {
  if (id === 'color') return { mode: 'fixed', fixedColor: text };
  if (NUMERIC.has(id)) return text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text);
  return text;
}

function PropertyRow({ p, onChange, onRemove }: { p: Property; onChange(p: Property): void; onRemove(): void }) {
  if (!PROPERTIES.some(([id]) => id === p.id)) {
    return <div class="override-property muted">{p.id}: {JSON.stringify(p.value)} (kept; edit it in the JSON model)<button class="toolbar-button" aria-label={`Remove property ${p.id}`} onClick={onRemove}>×</button></div>;
  }
  return (
    <div class="override-property">
      <Select name="override-property" value={p.id} choices={PROPERTIES} onChange={(id) => onChange({ id, value: propertyValue(id, valueText(p)) })} />
      <input name="override-value" value={valueText(p)} inputMode={NUMERIC.has(p.id) ? 'decimal' : 'text'} aria-label={`Value of ${p.id}`}
        placeholder={p.id === 'color' ? 'e.g. red or #73bf69' : ''} onChange={(e) => onChange({ id: p.id, value: propertyValue(p.id, e.currentTarget.value) })} />
      <button class="toolbar-button" aria-label={`Remove property ${p.id}`} onClick={onRemove}>×</button>
    </div>
  );
}

export function OverridesEditor({ overrides, onChange }: { overrides: Override[]; onChange(overrides: Override[]): void }) {
  const set = (i: number, o: Override): void => onChange(overrides.map((x, j) => (j === i ? o : x)));
  return (
    <div class="overrides-editor">
      {overrides.map((o, i) => {
        const known = MATCHERS.some(([id]) => id === o.matcher.id);
        const props = o.properties ?? [];
        const setProps = (properties: Property[]): void => set(i, { ...o, properties });
        return (
          <div class="override" key={i} data-override={i}>
            <div class="override-matcher">
              {known ? (
                <>
                  <Select name="override-matcher" value={o.matcher.id} choices={MATCHERS} onChange={(id) => set(i, { ...o, matcher: { ...o.matcher, id } })} />
                  <input name="override-match" value={String(o.matcher.options ?? '')} aria-label="Series name or regex" spellcheck={false}
                    onChange={(e) => set(i, { ...o, matcher: { ...o.matcher, options: e.currentTarget.value } })} />
                </>
              ) : <span class="muted">{o.matcher.id} {JSON.stringify(o.matcher.options)} (kept; matches no series in Logi)</span>}
              <button class="toolbar-button" aria-label={`Remove override ${i + 1}`} onClick={() => onChange(overrides.filter((_, j) => j !== i))}>Remove</button>
            </div>
            {props.map((p, k) => (
              <PropertyRow key={k} p={p} onChange={(next) => setProps(props.map((x, j) => (j === k ? next : x)))} onRemove={() => setProps(props.filter((_, j) => j !== k))} />
            ))}
            <button class="toolbar-button" onClick={() => setProps([...props, { id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }])}>+ Add override property</button>
          </div>
        );
      })}
      <button class="toolbar-button" onClick={() => onChange([...overrides, { matcher: { id: 'byName', options: '' }, properties: [] }])}>+ Add field override</button>
    </div>
  );
}
