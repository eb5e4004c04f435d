// Grafana's dashboard settings > Links: the dashboard's links in order, each a `link` (title, URL, tooltip, icon) or
// `dashboards` (title, tags, as a dropdown), with Grafana's three options; added, moved and removed, applied at once.
import { Field, Select } from './editor-fields.js';
import { ICONS } from './dashboard-links.js';
import { ListDialog, type EntryEdit } from './list-dialog.js';
import type { DashboardLink } from './model.js';

interface Props { links: DashboardLink[]; onApply(links: DashboardLink[]): void; onClose(): void }

/** Grafana's new link. */
const NEW_LINK: DashboardLink = { title: '', type: 'dashboards', icon: 'external link', tooltip: '', url: '', tags: [], asDropdown: false, targetBlank: false, includeVars: false, keepTime: false };

const tagList = (text: string): string[] => text.split(',').map((t) => t.trim()).filter(Boolean);

function LinkForm({ link, edit }: { link: DashboardLink; edit: EntryEdit<DashboardLink> }) {
  const { change: onChange, remove: onRemove, move: onMove, first, last } = edit;
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
  return (
    <ListDialog title="Links" entries={links} addLabel="+ New link" created={() => ({ ...NEW_LINK })} onApply={onApply} onClose={onClose}
      empty="No links yet. Dashboard links go to other dashboards (by tag) or to any URL, from the dashboard's header.">
      {(link, edit) => <LinkForm link={link} edit={edit} />}
    </ListDialog>
  );
}
