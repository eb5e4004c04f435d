// The log lines: level colour, time in local time or UTC, the line (wrapped or not, JSON pretty-printed on request),
// the count of folded duplicates; a click expands a row into its details. Only the rows in view are in the page.
import { useState } from 'preact/hooks';
import type { ShownRow } from './dedup.js';
import { LogDetails, type RowActions } from './log-details.js';
import type { LogOptions } from './log-options.js';
import { formatTime, type LogRow } from './log-rows.js';
import { LEVEL_COLORS } from './levels.js';
import { rowHeightPx } from './row-height.js';
import { VirtualList } from './virtual-list.js';

interface Props {
  rows: readonly ShownRow[];
  options: LogOptions;
  utc: boolean;
  actions: RowActions;
  /** the oldest end of the list came into view: time to load older lines */
  onOldestEnd?(): void;
}

/** A JSON object or array line indented, anything else as it is. */
function prettyLine(line: string): string {
  if (!/^\s*[{[]/.test(line)) return line;
  try {
    return JSON.stringify(JSON.parse(line), null, 2);
  } catch {
    return line;
  }
}

/** One line as listed: level colour, folded duplicates, time, text. */
export function LogSummary({ row, utc, text = row.line, duplicates = 0 }: { row: LogRow; utc: boolean; text?: string; duplicates?: number }) {
  return (
    <div class="log-summary">
      <span class="log-level" style={{ background: LEVEL_COLORS[row.level] }} title={row.level} />
      {duplicates > 0 && <span class="log-duplicates" title={`${duplicates} duplicates folded`}>{duplicates + 1}x</span>}
      <span class="log-time">{formatTime(row.tsNs, utc)}</span>
      <span class="log-line">{text}</span>
    </div>
  );
}

export function LogList({ rows, options, utc, actions, onOldestEnd }: Props) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  if (rows.length === 0) return <div class="empty">No logs found.</div>;
  const toggle = (key: string): void => {
    const next = new Set(expanded);
    if (!next.delete(key)) next.add(key);
    setExpanded(next);
  };
  const layout = `${options.wrap}-${options.prettyJson}-${utc}`;
  const textOf = (line: string): string => (options.prettyJson ? prettyLine(line) : line);
  return (
    <VirtualList class={`log-list${options.wrap ? ' wrap' : ''}`} items={rows} itemKey={(s) => s.row.key} layoutKey={layout} startKey={options.order}
      estimatePx={({ row, duplicates }, widthPx) => rowHeightPx(textOf(row.line), duplicates, options.wrap, widthPx)}
      onEnd={options.order === 'newest' ? onOldestEnd : undefined}
      renderItem={({ row, duplicates }) => (
        <div class={`log-row${expanded.has(row.key) ? ' expanded' : ''}`} data-level={row.level} onClick={() => toggle(row.key)}>
          <LogSummary row={row} utc={utc} duplicates={duplicates} text={textOf(row.line)} />
          {expanded.has(row.key) && <LogDetails row={row} actions={actions} />}
        </div>
      )} />
  );
}
