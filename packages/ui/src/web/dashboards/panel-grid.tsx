// Grafana's 24-column panel grid: gridPos x/w in columns, y/h in rows 30 px high with 8 px between. Row panels split
// the dashboard into sections; a section is laid out on its own, so opening a collapsed row pushes what follows down.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { libraryPanelUids } from './dashboard-json.js';
import { COLUMNS } from './grid-pos.js';
import { useLibraryRepeats, withLibraryRepeat } from './library-panel.js';
import type { GridPos, Panel as PanelModel } from './model.js';
import { Panel } from './panel.js';
import { repeatPanels, repeatRow, type ShownPanel } from './repeats.js';
import { interpolate, type VariableValues } from './variables.js';

/**
 * The edit mode: each panel gets Edit, Duplicate, Remove and library buttons, moves by its title and resizes by its corner;
 * a row's title is a field, and the row can be removed (its panels stay).
 */
export interface GridEdit {
  onMove(id: number, pos: GridPos): void;
  onEdit(id: number): void;
  onDuplicate(id: number): void;
  onRemove(id: number): void;
  onRenameRow(id: number, title: string): void;
  onRemoveRow(id: number): void;
  onNewLibraryPanel(id: number): void;
  onUnlink(id: number): void;
}

const ROW_PX = 30;
const GAP_PX = 8;

interface Section { row?: PanelModel; panels: PanelModel[] }

const byPosition = (a: PanelModel, b: PanelModel): number => (a.gridPos?.y ?? 0) - (b.gridPos?.y ?? 0) || (a.gridPos?.x ?? 0) - (b.gridPos?.x ?? 0);

/** Panels before the first row, then each row with its panels: a collapsed row's own, an open row's followers. */
export function sections(panels: readonly PanelModel[]): Section[] {
  const out: Section[] = [{ panels: [] }];
  for (const p of [...panels].sort(byPosition)) {
    if (p.type === 'row') out.push({ row: p, panels: [...(p.panels ?? [])] });
    else out.at(-1)!.panels.push(p);
  }
  return out.filter((s) => s.row || s.panels.length > 0);
}

/** A panel's height in pixels: h rows and the gaps between them. */
export const heightPx = (h: number): number => h * ROW_PX + (h - 1) * GAP_PX;

type PanelProps = Omit<Parameters<typeof Panel>[0], 'panel' | 'values' | 'heightPx' | 'widthPx' | 'menu' | 'explore'>;

interface Drag { id: number; from: GridPos; pos: GridPos }

/**
 * The title bar's buttons: View when looking; Edit, Duplicate and Remove when editing, and Grafana's "New library
 * panel" (the panel stored in the library) or, on a library panel, "Unlink library panel" (its content copied back).
 */
function PanelMenu({ id, library, edit, onView }: { id: number; library: boolean; edit?: GridEdit; onView?(id: number): void }) {
  return (
    <span class="panel-menu" onPointerDown={(e) => e.stopPropagation()}>
      {edit ? (
        <>
          <button aria-label="Edit panel" onClick={() => edit.onEdit(id)}>Edit</button>
          <button aria-label="Duplicate panel" onClick={() => edit.onDuplicate(id)}>Duplicate</button>
          <button aria-label="Remove panel" onClick={() => edit.onRemove(id)}>Remove</button>
          {library
            ? <button aria-label="Unlink library panel" title="Unlink library panel" onClick={() => edit.onUnlink(id)}>Unlink</button>
            : <button aria-label="New library panel" title="New library panel" onClick={() => edit.onNewLibraryPanel(id)}>Library</button>}
        </>
      ) : onView && <button aria-label="View panel" onClick={() => onView(id)}>View</button>}
    </span>
  );
}

interface GridModes {
  edit?: GridEdit;
  /** a panel shown alone (Grafana's viewPanel) */
  onView?(id: number): void;
}

function SectionGrid({ shown, widthPx, edit, onView, ...rest }: { shown: ShownPanel[]; widthPx: number } & GridModes & PanelProps) {
  const top = Math.min(...shown.map((s) => s.panel.gridPos?.y ?? 0));
  const [drag, setDrag] = useState<Drag>();
  const latest = useRef(drag);
  latest.current = drag;
  // a drag follows the pointer in whole columns and rows; the dashboard changes once, when it is let go
  const start = (e: PointerEvent, p: PanelModel, kind: 'move' | 'resize'): void => {
    if (!edit || p.id === undefined || e.button !== 0) return;
    e.preventDefault();
    const from = { x: 0, y: top, w: 12, h: 8, ...p.gridPos };
    setDrag({ id: p.id, from, pos: from });
    const column = (widthPx + GAP_PX) / COLUMNS;
    const move = (m: PointerEvent): void => {
      const dx = Math.round((m.clientX - e.clientX) / column);
      const dy = Math.round((m.clientY - e.clientY) / (ROW_PX + GAP_PX));
      const pos = kind === 'move'
        ? { ...from, x: Math.max(0, Math.min(COLUMNS - from.w, from.x + dx)), y: Math.max(top, from.y + dy) }
        : { ...from, w: Math.max(1, Math.min(COLUMNS - from.x, from.w + dx)), h: Math.max(1, from.h + dy) };
      setDrag((d) => d && { ...d, pos });
    };
    const up = (): void => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      const d = latest.current;
      setDrag(undefined);
      if (d && JSON.stringify(d.pos) !== JSON.stringify(d.from)) edit.onMove(d.id, d.pos);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return (
    <div class="panel-grid" style={{ gridAutoRows: `${ROW_PX}px`, rowGap: `${GAP_PX}px`, columnGap: `${GAP_PX}px` }}>
      {shown.map(({ panel: p, values, key, copy }) => {
        const dragged = drag && drag.id === p.id;
        const g = dragged ? drag.pos : { x: 0, y: top, w: 12, h: 8, ...p.gridPos };
        return (
          <div key={key} class={`panel-cell${dragged ? ' dragging' : ''}`} data-grid-pos={`${g.x},${g.y},${g.w},${g.h}`}
            style={{ gridColumn: `${g.x + 1} / span ${Math.min(g.w, COLUMNS - g.x)}`, gridRow: `${g.y - top + 1} / span ${g.h}` }}
            onPointerDown={edit ? (e) => { if ((e.target as Element).closest('.dash-panel-title')) start(e, p, 'move'); } : undefined}>
            <Panel panel={p} values={values} heightPx={heightPx(g.h)} widthPx={(widthPx * g.w) / COLUMNS} {...rest}
              menu={p.id !== undefined && !copy ? <PanelMenu id={p.id} library={p.libraryPanel !== undefined} edit={edit} onView={onView} /> : undefined} explore={!edit} />
            {edit && <div class="resize-handle" aria-label="Resize panel" onPointerDown={(e) => { e.stopPropagation(); start(e, p, 'resize'); }} />}
          </div>
        );
      })}
    </div>
  );
}

function RowHeader({ row, title, open, count, onToggle, edit }: { row: PanelModel; title: string; open: boolean; count: number; onToggle(): void; edit?: GridEdit }) {
  const id = row.id;
  return (
    <div class="dash-row" data-row-title={title} data-open={open}>
      <button class="dash-row-toggle" aria-expanded={open} onClick={onToggle}>
        <span class="dash-row-chevron">{open ? '▾' : '▸'}</span> {!edit && title}
        {!open && <span class="muted"> ({count} {count === 1 ? 'panel' : 'panels'})</span>}
      </button>
      {edit && id !== undefined && (
        <>
          <input class="dash-row-title" aria-label="Row title" value={row.title ?? ''} onChange={(e) => edit.onRenameRow(id, e.currentTarget.value)} />
          <span class="panel-menu"><button aria-label="Remove row" onClick={() => edit.onRemoveRow(id)}>Remove row</button></span>
        </>
      )}
    </div>
  );
}

/**
 * The dashboard's sections and panels. Repeated rows and panels show their copies when looking; in the edit mode each
 * shows once, as saved, so what is dragged is what is stored.
 */
export function PanelGrid({ panels, values, edit, onView, ...rest }: { panels: readonly PanelModel[]; values: VariableValues } & GridModes & PanelProps) {
  const host = useRef<HTMLDivElement>(null);
  const [widthPx, setWidthPx] = useState(1200);
  // rows opened or closed by the user, by id (and value, for a repeat's copies): an edit makes new row objects, the choice stays
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const el = host.current!;
    const observer = new ResizeObserver(() => setWidthPx(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const toggle = (key: string): void => {
    const next = new Set(toggled);
    if (!next.delete(key)) next.add(key);
    setToggled(next);
  };
  const uids = useMemo(() => libraryPanelUids(panels), [panels]);
  const libraryRepeats = useLibraryRepeats(uids);
  // a library panel repeats as its model says; the dashboard keeps the reference alone (edits and saves don't see this)
  const asShown = (p: PanelModel): PanelModel => (edit ? { ...p, repeat: undefined } : withLibraryRepeat(p, libraryRepeats));
  return (
    <div class={`dashboard-grid${edit ? ' editing' : ''}`} ref={host}>
      {sections(panels).flatMap((s, i) => {
        const rows = s.row ? repeatRow(asShown(s.row), values, rest.options) : [{ row: undefined, values, key: `top-${i}`, copy: false }];
        return rows.map(({ row, values: rowValues, key, copy }) => {
          const open = !row || (row.collapsed === true) === toggled.has(key);
          return (
            <div class="dash-section" key={key}>
              {row && <RowHeader row={row} title={interpolate(row.title ?? '', rowValues, rest.options)} open={open} count={s.panels.length} onToggle={() => toggle(key)} edit={edit} />}
              {open && s.panels.length > 0 && (
                <SectionGrid shown={repeatPanels(s.panels.map(asShown), rowValues, rest.options, { key, copy })} widthPx={widthPx} edit={edit} onView={onView} {...rest} />
              )}
            </div>
          );
        });
      })}
    </div>
  );
}
