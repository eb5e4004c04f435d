// The refresh button and auto-refresh interval, as Grafana's: the page runs its queries again every interval.
import { useEffect, useRef } from 'preact/hooks';

export const AUTO_REFRESH = ['off', '5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h'] as const;
export type AutoRefresh = (typeof AUTO_REFRESH)[number];

const intervalMs = (v: AutoRefresh): number | undefined => {
  if (v === 'off') return undefined;
  const n = Number(v.slice(0, -1));
  return n * (v.endsWith('h') ? 3600e3 : v.endsWith('m') ? 60e3 : 1e3);
};

interface Props {
  value: AutoRefresh;
  onChange(value: AutoRefresh): void;
  onRefresh(): void;
  running: boolean;
  /** what the button says when idle: Explore runs its queries, a dashboard refreshes */
  label?: string;
}

export function RefreshPicker(props: Props) {
  const refresh = useRef(props.onRefresh);
  refresh.current = props.onRefresh;
  useEffect(() => {
    const ms = intervalMs(props.value);
    if (ms === undefined) return undefined;
    const timer = setInterval(() => refresh.current(), ms);
    return () => clearInterval(timer);
  }, [props.value]);
  return (
    <div class="refresh-picker">
      <button class="toolbar-button primary" data-testid="run-query" onClick={props.onRefresh} disabled={props.running}>
        {props.running ? '◌ Running' : `↻ ${props.label ?? 'Run query'}`}
      </button>
      <select aria-label="Auto refresh" value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as AutoRefresh)}>
        {AUTO_REFRESH.map((v) => <option key={v} value={v}>{v === 'off' ? 'Auto: off' : `Every ${v}`}</option>)}
      </select>
    </div>
  );
}
