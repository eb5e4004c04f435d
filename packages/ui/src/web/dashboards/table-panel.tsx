// Grafana's table panel: the rows of table-data.ts, numbers formatted by their column's field config (or its value
// mapping) and coloured by mapping or threshold when cellOptions.type asks (color-text, color-background); sorted as options.sortBy says, and by a
// click on a header (again for descending).
import { useState } from 'preact/hooks';
import { cssColor } from './colors.js';
import { fieldOf, thresholdColor } from './field-config.js';
import { formatValue } from './format-value.js';
import type { Panel } from './model.js';
import type { Cell, Table } from './table-data.js';
import { mapValue } from './value-mappings.js';

interface Sort { column: string; desc: boolean }

function compare(a: Cell, b: Cell): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

export function TablePanel({ panel, table }: { panel: Panel; table: Table }) {
  const initial = (panel.options?.sortBy as Array<{ displayName: string; desc?: boolean }> | undefined)?.[0];
  const [sort, setSort] = useState<Sort | undefined>(initial ? { column: initial.displayName, desc: initial.desc === true } : undefined);
  if (table.rows.length === 0) return <div class="panel-empty">No data</div>;
  const at = sort ? table.columns.indexOf(sort.column) : -1;
  const rows = at < 0 ? table.rows : [...table.rows].sort((a, b) => compare(a[at]!, b[at]!) * (sort!.desc ? -1 : 1));
  const fields = table.columns.map((c) => fieldOf(panel, c));
  const dataMax = Math.max(0, ...table.rows.flat().filter((c): c is number => typeof c === 'number' && Number.isFinite(c)));
  const headerShown = panel.options?.showHeader !== false;
  return (
    <div class="table-panel">
      <table>
        {headerShown && (
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c} aria-sort={sort?.column === c ? (sort.desc ? 'descending' : 'ascending') : undefined}
                  onClick={() => setSort(sort?.column === c && !sort.desc ? { column: c, desc: true } : sort?.column === c ? undefined : { column: c, desc: false })}>
                  {c}{sort?.column === c ? (sort.desc ? ' ↓' : ' ↑') : ''}
                </th>
              ))}
            </tr>
          </thead>
        )}
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((cell, j) => {
                const field = fields[j]!;
                if (typeof cell !== 'number') return <td key={j}>{cell}</td>;
                const type = (field.custom?.cellOptions as { type?: string } | undefined)?.type ?? field.custom?.displayMode;
                const mapped = mapValue(field.mappings, cell);
                const colored = type === 'color-text' || type === 'color-background' || type === 'color-background-solid';
                const color = colored ? (mapped?.color ? cssColor(mapped.color) : thresholdColor(field, cell, dataMax)) : undefined;
                return (
                  <td key={j} class="num" data-value={cell} data-color={color ?? ''}
                    style={color ? (type === 'color-text' ? { color } : { background: color, color: '#fff' }) : undefined}>
                    {mapped?.text ?? formatValue(cell, field.unit, field.decimals)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
