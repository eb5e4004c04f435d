// Edits of a dashboard's JSON, each returning a new dashboard: a panel replaced, removed, duplicated, added or moved
// on the grid. Positions follow Grafana's grid: after a change, panels float up as far as they can (react-grid-
// layout's vertical compaction), the moved one keeping its place, and rows keep their sections in order.
import type { Dashboard, GridPos, Panel } from './model.js';
import { overlap, posOf } from './grid-pos.js';
import { sections } from './panel-grid.js';

/** Every panel, those inside collapsed rows too. */
export function allPanels(d: Dashboard): Panel[] {
  return (d.panels ?? []).flatMap((p) => [p, ...(p.type === 'row' ? p.panels ?? [] : [])]);
}

export const nextPanelId = (d: Dashboard): number => Math.max(0, ...allPanels(d).map((p) => p.id ?? 0)) + 1;

/** `d` with `change` applied to the list holding panel `id` (the top level or a collapsed row's). */
function inListOf(d: Dashboard, id: number, change: (list: Panel[], at: number) => Panel[]): Dashboard {
  const top = d.panels ?? [];
  const at = top.findIndex((p) => p.id === id);
  if (at >= 0) return { ...d, panels: change(top, at) };
  return {
    ...d,
    panels: top.map((row) => {
      const i = (row.panels ?? []).findIndex((p) => p.id === id);
      return i >= 0 ? { ...row, panels: change(row.panels!, i) } : row;
    }),
  };
}

export function replacePanel(d: Dashboard, panel: Panel): Dashboard {
  return layout(inListOf(d, panel.id!, (list, at) => list.map((p, i) => (i === at ? panel : p))));
}

export function removePanel(d: Dashboard, id: number): Dashboard {
  return layout(inListOf(d, id, (list, at) => list.filter((_, i) => i !== at)));
}

/** A copy with a new id right below the original; what was below moves down. */
export function duplicatePanel(d: Dashboard, id: number): Dashboard {
  const copyId = nextPanelId(d);
  return layout(inListOf(d, id, (list, at) => {
    const p = list[at]!;
    const g = posOf(p);
    return [...list.slice(0, at + 1), { ...structuredClone(p), id: copyId, gridPos: { ...g, y: g.y + g.h } }, ...list.slice(at + 1)];
  }), copyId);
}

/** A new panel at the top of the dashboard, half the width, as Grafana adds one. */
export function addPanel(d: Dashboard, panel: Omit<Panel, 'id' | 'gridPos'>): { dashboard: Dashboard; id: number } {
  const id = nextPanelId(d);
  const added: Panel = { ...panel, id, gridPos: { x: 0, y: 0, w: 12, h: 8 } };
  return { dashboard: layout({ ...d, panels: [added, ...(d.panels ?? [])] }, id), id };
}

/** A new open row at the top, as Grafana's Add > Row: the panels before the first row become its own. */
export function addRow(d: Dashboard): Dashboard {
  const below = (d.panels ?? []).map((p) => ({ ...p, gridPos: { ...posOf(p), y: posOf(p).y + 1 } }));
  return layout({ ...d, panels: [{ id: nextPanelId(d), type: 'row', title: 'Row title', collapsed: false, panels: [], gridPos: { x: 0, y: 0, w: 24, h: 1 } }, ...below] });
}

/** Row `id` gone, its panels (a collapsed row's too) kept where it stood. */
export function removeRow(d: Dashboard, id: number): Dashboard {
  return layout({ ...d, panels: (d.panels ?? []).flatMap((p) => (p.id === id ? p.panels ?? [] : [p])) });
}

/** Panel `id` moved or resized to `pos`, its place in the dashboard's grid (clamped to the 24 columns). */
export function movePanel(d: Dashboard, id: number, pos: GridPos): Dashboard {
  const w = Math.max(1, Math.min(24, pos.w));
  const g = { w, h: Math.max(1, pos.h), x: Math.max(0, Math.min(24 - w, pos.x)), y: Math.max(0, pos.y) };
  return layout(inListOf(d, id, (list, at) => list.map((p, i) => (i === at ? { ...p, gridPos: g } : p))), id);
}

/** Panels placed from `top` down: `first` where it is, the others each as high as it fits, in their order. */
function compact(panels: Panel[], top: number, first: number | undefined): Panel[] {
  const placed: GridPos[] = [];
  const order = [...panels].sort((a, b) => Number(b.id === first) - Number(a.id === first) || posOf(a).y - posOf(b).y || posOf(a).x - posOf(b).x);
  const out = new Map<Panel, GridPos>();
  for (const p of order) {
    const g = posOf(p);
    let y = p.id === first ? Math.max(top, g.y) : top;
    while (placed.some((q) => overlap({ ...g, y }, q))) y++;
    placed.push({ ...g, y });
    out.set(p, { ...g, y });
  }
  return panels.map((p) => ({ ...p, gridPos: out.get(p)! }));
}

/**
 * Absolute positions again after an edit: each section (the panels before the first row, then each row with its
 * panels) compacted below the one before; a collapsed row's panels are laid out below it as Grafana stores them.
 */
export function layout(d: Dashboard, moved?: number): Dashboard {
  let y = 0;
  const out: Panel[] = [];
  for (const s of sections(d.panels ?? [])) {
    if (s.row) {
      const row = { ...s.row, gridPos: { x: 0, w: 24, h: 1, y } };
      y += 1;
      // a section's panels were placed relative to its own top: keep their offsets from it
      const from = Math.min(...s.panels.map((p) => posOf(p).y));
      const shifted = s.panels.map((p) => ({ ...p, gridPos: { ...posOf(p), y: posOf(p).y - from + y } }));
      const placed = compact(shifted, y, moved);
      const bottom = Math.max(y, ...placed.map((p) => p.gridPos!.y + p.gridPos!.h));
      if (s.row.collapsed) out.push({ ...row, panels: placed });
      else {
        out.push({ ...row, panels: [] }, ...placed);
        y = bottom;
      }
    } else {
      const placed = compact(s.panels, 0, moved);
      out.push(...placed);
      y = Math.max(0, ...placed.map((p) => p.gridPos!.y + p.gridPos!.h));
    }
  }
  return { ...d, panels: out };
}
