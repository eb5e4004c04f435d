// Grafana's "Show in" of an annotation query: all panels (no `filter`), the panels chosen (`filter: {exclude: false,
// ids}`) or all but those (`exclude: true`); the panels listed by title, sorted as Grafana sorts them, kept by id.
import { Field, Select } from './editor-fields.js';
import type { AnnotationQuery, Panel } from './model.js';

type ShowIn = 'all' | 'include' | 'exclude';

const SHOW_IN: ReadonlyArray<[ShowIn, string]> = [['all', 'All panels'], ['include', 'Selected panels'], ['exclude', 'All panels except']];

/** What a panel is listed as: its title, else Grafana's "Panel <id>" (a library panel's name before that). */
const labelOf = (p: Panel): string => p.title || p.libraryPanel?.name || `Panel ${p.id}`;

/** The panels an annotation can be shown on, by title: every one with an id but the rows. */
export function choosablePanels(panels: readonly Panel[]): Array<{ id: number; label: string }> {
  const collator = new Intl.Collator();
  return panels.filter((p) => p.type !== 'row' && p.id !== undefined)
    .map((p) => ({ id: p.id!, label: labelOf(p) }))
    .sort((a, b) => collator.compare(a.label, b.label));
}

interface Props { a: AnnotationQuery; panels: ReadonlyArray<{ id: number; label: string }>; onChange(a: AnnotationQuery): void }

export function PanelFilterField({ a, panels, onChange }: Props) {
  const showIn: ShowIn = !a.filter ? 'all' : a.filter.exclude ? 'exclude' : 'include';
  const ids = a.filter?.ids ?? [];
  // the ids chosen stay when switching between the two lists, as in Grafana
  const setShowIn = (v: string): void => {
    const { filter: _filter, ...rest } = a;
    onChange(v === 'all' ? rest : { ...rest, filter: { exclude: v === 'exclude', ids } });
  };
  const toggle = (id: number, on: boolean): void =>
    onChange({ ...a, filter: { exclude: showIn === 'exclude', ids: on ? [...ids, id] : ids.filter((x) => x !== id) } });
  return (
    <div class="variable-form-row">
      <Field label="Show in"><Select name="annotation-show-in" value={showIn} choices={SHOW_IN} onChange={setShowIn} /></Field>
      {showIn !== 'all' && (
        <fieldset class="annotation-panels" aria-label="Choose panels">
          <legend>Choose panels</legend>
          {panels.length === 0 && <span class="muted">The dashboard has no panels.</span>}
          {panels.map((p) => (
            <label key={p.id} class="inline">
              <input type="checkbox" name="annotation-panel" value={p.id} checked={ids.includes(p.id)} onChange={(e) => toggle(p.id, e.currentTarget.checked)} /> {p.label}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
