// Grafana's time range picker: relative presets, absolute from/to typed as 'YYYY-MM-DD HH:mm:ss' or 'now-…',
// and the time zone (the browser's or UTC).
import { useRef, useState } from 'preact/hooks';
import { useDismiss } from './use-dismiss.js';
import { describeRange, formatDateTime, parseTime, parseTypedTime, RELATIVE_PRESETS, type RawTimeRange } from './time-range.js';

interface Props {
  range: RawTimeRange;
  utc: boolean;
  onChange(range: RawTimeRange): void;
  onUtcChange(utc: boolean): void;
}

/** What the absolute fields show: a relative expression as it is, an absolute time in the chosen zone. */
const shown = (expr: string, utc: boolean): string => (expr.startsWith('now') ? expr : formatDateTime(parseTime(expr, Date.now()) ?? 0, utc));

export function TimePicker(props: Props) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [invalid, setInvalid] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(root, open, () => setOpen(false));

  const toggle = (): void => {
    setFrom(shown(props.range.from, props.utc));
    setTo(shown(props.range.to, props.utc));
    setInvalid(false);
    setOpen(!open);
  };
  const apply = (e: Event): void => {
    e.preventDefault();
    const f = parseTypedTime(from, props.utc);
    const t = parseTypedTime(to, props.utc);
    if (!f || !t) { setInvalid(true); return; }
    props.onChange({ from: f, to: t });
    setOpen(false);
  };

  return (
    <div class="time-picker" ref={root}>
      <button class="toolbar-button" data-testid="time-picker" onClick={toggle} aria-expanded={open}>
        <span class="icon">◷</span> {describeRange(props.range, props.utc)}{props.utc ? ' UTC' : ''} <span class="caret">▾</span>
      </button>
      {open && (
        <div class="dropdown time-dropdown">
          <form class="absolute" onSubmit={apply}>
            <h4>Absolute time range</h4>
            <label>From<input name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} /></label>
            <label>To<input name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} /></label>
            {invalid && <div class="error-text">Use YYYY-MM-DD HH:mm:ss or now-1h.</div>}
            <button class="primary" type="submit">Apply time range</button>
            <label class="checkbox"><input type="checkbox" checked={props.utc} onChange={(e) => props.onUtcChange(e.currentTarget.checked)} /> Show times in UTC</label>
          </form>
          <ul class="presets">
            {RELATIVE_PRESETS.map((p) => (
              <li key={p.from}>
                <button class={props.range.from === p.from && props.range.to === 'now' ? 'active' : ''}
                  onClick={() => { props.onChange({ from: p.from, to: 'now' }); setOpen(false); }}>{p.label}</button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
