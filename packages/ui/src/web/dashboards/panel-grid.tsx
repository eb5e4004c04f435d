// Grafana's 24-column panel grid: gridPos x/w in columns, y/h in rows 30 px high with 8 px between. Row panels split
// the dashboard into sections; a section is laid out on its own, so opening a collapsed row pushes what follows down.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Panel as PanelModel } from './model.js';
import { Panel } from './panel.js';

const ROW_PX = 30;
const GAP_PX = 8;
const COLUMNS = 24;

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

type PanelProps = Omit<Parameters<typeof Panel>[0], 'panel' | 'heightPx' | 'widthPx'>;

function SectionGrid({ panels, widthPx, ...rest }: { panels: PanelModel[]; widthPx: number } & PanelProps) {
  const top = Math.min(...panels.map((p) => p.gridPos?.y ?? 0));
  return (
    <div class="panel-grid" style={{ gridAutoRows: `${ROW_PX}px`, rowGap: `${GAP_PX}px`, columnGap: `${GAP_PX}px` }}>
      {panels.map((p) => {
        const g = { x: 0, y: top, w: 12, h: 8, ...p.gridPos };
        return (
          <div key={p.id ?? `${g.x},${g.y}`} class="panel-cell" style={{ gridColumn: `${g.x + 1} / span ${Math.min(g.w, COLUMNS - g.x)}`, gridRow: `${g.y - top + 1} / span ${g.h}` }}>
            <Panel panel={p} heightPx={heightPx(g.h)} widthPx={(widthPx * g.w) / COLUMNS} {...rest} />
          </div>
        );
      })}
    </div>
  );
}

function RowHeader({ row, open, count, onToggle }: { row: PanelModel; open: boolean; count: number; onToggle(): void }) {
  return (
    <div class="dash-row" data-row-title={row.title} data-open={open}>
      <button class="dash-row-toggle" aria-expanded={open} onClick={onToggle}>
        <span class="dash-row-chevron">{open ? '▾' : '▸'}</span> {row.title}
        {!open && <span class="muted"> ({count} {count === 1 ? 'panel' : 'panels'})</span>}
      </button>
    </div>
  );
}

export function PanelGrid({ panels, ...rest }: { panels: readonly PanelModel[] } & PanelProps) {
  const host = useRef<HTMLDivElement>(null);
  const [widthPx, setWidthPx] = useState(1200);
  const [toggled, setToggled] = useState<ReadonlySet<PanelModel>>(new Set());
  useEffect(() => {
    const el = host.current!;
    const observer = new ResizeObserver(() => setWidthPx(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const toggle = (row: PanelModel): void => {
    const next = new Set(toggled);
    if (!next.delete(row)) next.add(row);
    setToggled(next);
  };
  return (
    <div class="dashboard-grid" ref={host}>
      {sections(panels).map((s, i) => {
        const open = !s.row || (s.row.collapsed === true) === toggled.has(s.row);
        return (
          <div class="dash-section" key={s.row?.id ?? `top-${i}`}>
            {s.row && <RowHeader row={s.row} open={open} count={s.panels.length} onToggle={() => toggle(s.row!)} />}
            {open && s.panels.length > 0 && <SectionGrid panels={s.panels} widthPx={widthPx} {...rest} />}
          </div>
        );
      })}
    </div>
  );
}
