// An expanded row: its stream labels, structured metadata and parsed fields, each with Grafana's filter-for and
// filter-out buttons, and the row's actions.
import type { Labels } from '../api/loki.js';
import type { FilterOp, LabelKind } from './filter-query.js';
import type { LogRow } from './log-rows.js';

export interface RowActions {
  onFilter(kind: LabelKind, name: string, op: FilterOp, value: string): void;
  onContext(row: LogRow): void;
}

const SECTIONS: ReadonlyArray<{ kind: LabelKind; title: string; of(row: LogRow): Labels }> = [
  { kind: 'stream', title: 'Stream labels', of: (r) => r.stream },
  { kind: 'metadata', title: 'Structured metadata', of: (r) => r.metadata },
  { kind: 'parsed', title: 'Parsed fields', of: (r) => r.parsed },
];

export function LogDetails({ row, actions }: { row: LogRow; actions: RowActions }) {
  return (
    // A click inside the details must not fold the row.
    <div class="log-details" onClick={(e) => e.stopPropagation()}>
      {SECTIONS.map(({ kind, title, of }) => {
        const labels = Object.entries(of(row));
        if (labels.length === 0) return null;
        return (
          <table class="log-labels" data-kind={kind} key={kind}>
            <caption>{title}</caption>
            <tbody>
              {labels.map(([name, value]) => (
                <tr key={name} data-label={name}>
                  <td class="log-label-actions">
                    <button class="icon" aria-label="Filter for value" title={`Filter for ${name}="${value}"`} onClick={() => actions.onFilter(kind, name, '=', value)}>⊕</button>
                    <button class="icon" aria-label="Filter out value" title={`Filter out ${name}="${value}"`} onClick={() => actions.onFilter(kind, name, '!=', value)}>⊖</button>
                  </td>
                  <th>{name}</th>
                  <td class="log-label-value">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
      <div class="log-row-actions">
        <button class="link" onClick={() => actions.onContext(row)}>Show context</button>
      </div>
    </div>
  );
}
