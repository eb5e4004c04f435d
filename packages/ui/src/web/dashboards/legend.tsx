// Grafana's panel legend (options.legend): hidden (displayMode 'hidden' or showLegend false), a list of names, or a
// table with a column per value shown; at the bottom or on the right of the drawing; sorted by a column or 'Name'
// (sortBy, sortDesc) when asked.
import type { ComponentChildren } from 'preact';

export interface LegendOptions { displayMode?: string; placement?: string; showLegend?: boolean; sortBy?: string; sortDesc?: boolean }

export interface LegendItem { name: string; color: string; cells: Array<{ text: string; value: number }> }

export const legendHidden = (o: LegendOptions | undefined): boolean => o?.displayMode === 'hidden' || o?.showLegend === false;

function Legend({ options, headers, items }: { options: LegendOptions; headers: string[]; items: LegendItem[] }) {
  const by = options.sortBy ? headers.indexOf(options.sortBy) : -1;
  const order = (x: LegendItem, y: LegendItem): number => (by < 0 ? x.name.localeCompare(y.name) : x.cells[by]!.value - y.cells[by]!.value);
  const sorted = by < 0 && options.sortBy !== 'Name' ? items : [...items].sort((x, y) => order(x, y) * (options.sortDesc ? -1 : 1));
  if (options.displayMode !== 'table') {
    return (
      <ul class="panel-legend-list">
        {sorted.map((i) => (
          <li key={i.name} data-name={i.name}><span class="legend-swatch" style={{ background: i.color }} />{i.name}{i.cells.map((c) => <span class="muted"> {c.text}</span>)}</li>
        ))}
      </ul>
    );
  }
  return (
    <table class="panel-legend">
      <thead><tr><th />{headers.map((h) => <th key={h}>{h}</th>)}</tr></thead>
      <tbody>
        {sorted.map((i) => (
          <tr key={i.name} data-name={i.name}>
            <td><span class="legend-swatch" style={{ background: i.color }} />{i.name}</td>
            {i.cells.map((c, j) => <td key={j}>{c.text}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `children` (the drawing) with the legend beside it as the options place it. */
export function WithLegend({ options = {}, headers, items, children }: { options?: LegendOptions; headers: string[]; items: LegendItem[]; children: ComponentChildren }) {
  const placement = options.placement === 'right' ? 'right' : 'bottom';
  return (
    <div class={`with-legend ${placement}`} data-legend={legendHidden(options) ? 'hidden' : `${options.displayMode ?? 'list'}-${placement}`}>
      <div class="legend-drawing">{children}</div>
      {!legendHidden(options) && <div class="legend-box"><Legend options={options} headers={headers} items={items} /></div>}
    </div>
  );
}
