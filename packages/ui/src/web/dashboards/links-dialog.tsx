// Grafana's dashboard settings > Links: the dashboard's links in order, each a `link` (title, URL, tooltip, icon) or
// `dashboards` (title, tags, as a dropdown), with Grafana's three options; added, moved and removed, applied at once.
import { useState } from 'preact/hooks';
import { Field, Select } from './editor-fields.js';
import { ICONS } from './dashboard-links.js';
import type { DashboardLink } from './model.js';

interface Props { links: DashboardLink[]; onApply(links: DashboardLink[]): void; onClose(): void }

/** Grafana's new link. */
const NEW_LINK: DashboardLink = { title: '', type: 'dashboards', icon: 'external link', tooltip: '', url: '', tags: [], asDropdown: false, targetBlank: false, includeVars: false, keepTime: false };

const tagList = (text: string): string[] => text.split(',').map((t) => t.trim()).filter(Boolean);

function LinkForm({ link, first, last, onChange, onRemove, onMove }: {
  link: DashboardLink; first: boolean; last: boolean; onChange(l: DashboardLink): void; onRemove(): void; onMove(by: number): void;
}) {
  const check = (key: 'asDropdown' | 'targetBlank' | 'includeVars' | 'keepTime', label: string) => (
    <label class="inline"><input type="checkbox" name={`link-${key}`} checked={link[key] === true} onChange={(e) => onChange({ ...link, [key]: e.currentTarget.checked })} /> {label}</label>
  );
  const name = link.title || '(untitled)';
  return (
    <fieldset class="variable-form" data-link-title={link.title}>
      <div class="variable-form-row">
        <Field label="Title"><input name="link-title" value={link.title ?? ''} onInput={(e) => onChange({ ...link, title: e.currentTarget.value })} /></Field>
        <Field label="Type"><Select name="link-type" value={link.type} choices={[['dashboards', 'Dashboards'], ['link', 'Link']]} onChange={(type) => onChange({ ...link, type })} /></Field>
        <span class="spacer" />
        <button class="toolbar-button" aria-label={`Move link ${name} up`} disabled={first} onClick={() => onMove(-1)}>↑</button>
        <button class="toolbar-button" aria-label={`Move link ${name} down`} disabled={last} onClick={() => onMove(1)}>↓</button>
        <button class="toolbar-button danger" aria-label={`Remove link ${name}`} onClick={onRemove}>Remove</button>
      </div>
      {link.type === 'dashboards' ? (
        <div class="variable-form-row">
          <Field label="With tags (comma-separated)"><input name="link-tags" value={(link.tags ?? []).join(', ')} onChange={(e) => onChange({ ...link, tags: tagList(e.currentTarget.value) })} /></Field>
          {check('asDropdown', 'Show as dropdown')}
        </div>
      ) : (
        <div class="variable-form-row">
          <Field label="URL"><input name="link-url" value={link.url ?? ''} spellcheck={false} onInput={(e) => onChange({ ...link, url: e.currentTarget.value })} /></Field>
          <Field label="Tooltip"><input name="link-tooltip" value={link.tooltip ?? ''} onInput={(e) => onChange({ ...link, tooltip: e.currentTarget.value })} /></Field>
          <Field label="Icon"><Select name="link-icon" value={link.icon ?? 'external link'} choices={Object.keys(ICONS)} onChange={(icon) => onChange({ ...link, icon })} /></Field>
        </div>
      )}
      <div class="variable-form-row">
        {check('keepTime', 'Include current time range')}
        {check('includeVars', 'Include current template variable values')}
        {check('targetBlank', 'Open link in new tab')}
      </div>
    </fieldset>
  );
}

export function LinksDialog({ links, onApply, onClose }: Props) {
  const [list, setList] = useState<DashboardLink[]>(links);
  const move = (i: number, by: number): void => {
    const next = [...list];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setList(next);
  };
  return (
    <div class="modal-backdrop">
      <div class="modal variables-dialog" role="dialog" aria-label="Links">
        <h2>Links</h2>
        <div class="variables-list">
          {list.length === 0 && <p class="muted">No links yet. Dashboard links go to other dashboards (by tag) or to any URL, from the dashboard's header.</p>}
          {list.map((l, i) => (
            <LinkForm key={i} link={l} first={i === 0} last={i === list.length - 1} onChange={(next) => setList(list.map((x, j) => (j === i ? next : x)))}
              onRemove={() => setList(list.filter((_, j) => j !== i))} onMove={(by) => move(i, by)} />
          ))}
        </div>
        <div class="form-buttons">
          <button class="toolbar-button" onClick={() => setList([...list, { ...NEW_LINK }])}>+ New link</button>
          <span class="spacer" />
          <button class="toolbar-button primary" onClick={() => onApply(list)}>Apply</button>
          <button class="toolbar-button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
