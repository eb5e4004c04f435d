// The dashboard's links (dashboard.links) in its header, as Grafana draws them: a `link` is one button to its URL
// (variables filled in), a `dashboards` link the dashboards having all its tags (this one left out), one button each
// or a menu under its title; `keepTime` adds the range shown as from/to, `includeVars` each variable as var-<name>.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../shell/router.js';
import type { RawTimeRange } from '../shell/time-range.js';
import { searchDashboards } from './dashboard-api.js';
import { appendVariables } from './dashboard-state.js';
import { MenuButton } from './menu-button.js';
import type { DashboardLink, SearchHit, VariableOption } from './model.js';
import { interpolate, type VariableValues } from './variables.js';

interface Context { range: RawTimeRange; values: VariableValues; options: ReadonlyMap<string, VariableOption[]> }

/** Grafana's icons for a link, drawn as characters. */
export const ICONS: Record<string, string> = { 'external link': '↗', dashboard: '▦', question: '?', info: 'ⓘ', bolt: '⚡', doc: '☰', cloud: '☁' };

/** `url` with the range and variables the link asks for, as Grafana's link service adds them. */
export function linkUrl(link: DashboardLink, url: string, c: Context): string {
  const q = new URLSearchParams();
  if (link.keepTime) { q.set('from', c.range.from); q.set('to', c.range.to); }
  if (link.includeVars) appendVariables(q, c.values);
  const params = q.toString();
  return params === '' ? url : `${url}${url.includes('?') ? '&' : '?'}${params}`;
}

/** An anchor to `url`: one of Logi's pages (a path) opens in the page unless a new tab is asked; anything else as it is. */
function LinkAnchor({ url, targetBlank, tooltip, class: className, role, children }: {
  url: string; targetBlank?: boolean; tooltip?: string; class?: string; role?: 'menuitem'; children: ComponentChildren;
}) {
  const inApp = url.startsWith('/') && !url.startsWith('//');
  return (
    <a class={className} role={role} href={inApp ? url.slice(1) : url} title={tooltip || undefined} target={targetBlank ? '_blank' : undefined}
      rel={targetBlank ? 'noopener noreferrer' : undefined}
      onClick={(e) => {
        if (!inApp || targetBlank || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(url);
      }}>{children}</a>
  );
}

function TaggedDashboards({ link, uid, c }: { link: DashboardLink; uid: string; c: Context }) {
  const [hits, setHits] = useState<SearchHit[]>();
  const [error, setError] = useState<string>();
  const tags = link.tags ?? [];
  useEffect(() => {
    const abort = new AbortController();
    searchDashboards(tags, abort.signal).then((found) => setHits(found.filter((h) => h.uid !== uid)), (e: unknown) => {
      if (!abort.signal.aborted) setError(`Dashboards tagged ${tags.join(', ')}: ${(e as Error).message}`);
    });
    return () => abort.abort();
  }, [JSON.stringify(tags), uid]);
  if (error) return <span class="panel-error" role="alert">{error}</span>;
  if (!hits) return null;
  const anchor = (h: SearchHit, className: string, role?: 'menuitem') => (
    <LinkAnchor key={h.uid} url={linkUrl(link, h.url, c)} targetBlank={link.targetBlank} class={className} role={role}>{ICONS.dashboard} {h.title}</LinkAnchor>
  );
  if (!link.asDropdown) return <>{hits.map((h) => anchor(h, 'toolbar-button dashboard-link'))}</>;
  return (
    <MenuButton label={<>{ICONS.dashboard} {interpolate(link.title || 'Dashboards', c.values, c.options)}</>}>
      {hits.length === 0 ? <span class="muted menu-empty">No dashboards found</span> : hits.map((h) => anchor(h, 'dashboard-link', 'menuitem'))}
    </MenuButton>
  );
}

export function DashboardLinks({ links, uid, ...c }: { links: readonly DashboardLink[]; uid: string } & Context) {
  if (links.length === 0) return null;
  return (
    <nav class="dashboard-links" aria-label="Dashboard links">
      {links.map((link, i) => link.type === 'dashboards'
        ? <TaggedDashboards key={i} link={link} uid={uid} c={c} />
        : (
          <LinkAnchor key={i} url={linkUrl(link, interpolate(link.url ?? '', c.values, c.options), c)} targetBlank={link.targetBlank}
            tooltip={link.tooltip} class="toolbar-button dashboard-link">
            {ICONS[link.icon ?? 'external link'] ?? ICONS['external link']} {interpolate(link.title ?? '', c.values, c.options)}
          </LinkAnchor>
        ))}
    </nav>
  );
}
