// The log display options above the lines, as Grafana's Logs panel offers them.
import { DEDUP_STRATEGIES } from './dedup.js';
import type { LogOptions } from './log-options.js';

const capitalised = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

export function LogOptionsBar({ options, onChange }: { options: LogOptions; onChange(options: LogOptions): void }) {
  const set = (change: Partial<LogOptions>): void => onChange({ ...options, ...change });
  return (
    <div class="log-options">
      <label><input type="checkbox" checked={options.wrap} onChange={(e) => set({ wrap: e.currentTarget.checked })} />Wrap lines</label>
      <label><input type="checkbox" checked={options.prettyJson} onChange={(e) => set({ prettyJson: e.currentTarget.checked })} />Prettify JSON</label>
      <label>Dedup
        <select value={options.dedup} onChange={(e) => set({ dedup: e.currentTarget.value as LogOptions['dedup'] })}>
          {DEDUP_STRATEGIES.map((d) => <option key={d} value={d}>{capitalised(d)}</option>)}
        </select>
      </label>
      <span class="segmented" role="group" aria-label="Order">
        {(['newest', 'oldest'] as const).map((o) => (
          <button key={o} class={options.order === o ? 'active' : ''} aria-pressed={options.order === o} onClick={() => set({ order: o })}>{capitalised(o)} first</button>
        ))}
      </span>
    </div>
  );
}
